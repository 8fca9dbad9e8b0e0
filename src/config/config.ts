// Configuration: read from the environment once, at start-up, validated as a whole so that every
// mistake is reported at once. Nothing else in the code reads process.env.
import path from 'node:path';
import { CONTRACT_VERSION_NAMES } from '../mapping/versions.ts';
import { loadDestinations, type Destination } from './destinations.ts';
import { parseDuration, parseDurationList } from './duration.ts';
import type { RateLimitSettings } from '../http/rate-limit/limits.ts';
import { parseKey } from '../store/crypto/keyring.ts';

export type SigningAlgorithm = 'rsa-sha256' | 'ecdsa-p256-sha256';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface XRoadIdentity {
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
}

export interface Config {
  host: string;
  port: number;
  mockDmsPort: number;
  /** The sandbox's mock DMS (test keys' events), always on 127.0.0.1; 0: a random port. */
  sandboxMockDmsPort: number;
  dataDir: string;
  /** postgres://… selects PostgreSQL; undefined keeps the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Personal data (event payloads, message bodies) is purged after this many days; digests stay. */
  retentionDays: number;
  /** /readyz fails when the signing certificate expires within this many days. */
  keyValidityWarningDays: number;
  /** Where DMS is; undefined means "start the built-in mock DMS and use it". */
  dmsUrl: string | undefined;
  /** DMS_DESTINATIONS_FILE, or the embedded default (DMS_URL or the mock, every version, v1 in force). */
  destination: Destination;
  demoApiKey: string | undefined;
  demoOperatorToken: string | undefined;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  signing: {
    algorithm: SigningAlgorithm;
    keyFile: string | undefined;
    certFile: string | undefined;
    devCertsDir: string;
  };
  /** The built-in mock DMS: how long after its acknowledgement it pushes the final outcome. */
  mockDmsOutcomeDelayMs: number;
  /** The built-in mock DMS: where it pushes outcomes and notices (comma-separated: several instances); unset: the gateway started beside it. */
  mockDmsCallbackUrls: string[] | undefined;
  /** CA certificates the built-in mock DMS trusts (defaults to the development CA). */
  mockTrustedCaFile: string | undefined;
  /** DMS's CA, pinned: DMS's answers must be signed by a certificate it issued. Unset: the dev DMS CA for the built-in mock; with DMS_URL, answers are not authenticated (warned at start). */
  dmsCaFile: string | undefined;
  xroad: {
    client: Omit<XRoadIdentity, 'memberCode'>;
    service: XRoadIdentity;
    serviceVersion: string;
  };
  delivery: {
    /** Off: this instance only accepts events; another one delivers them. */
    workerEnabled: boolean;
    retrySchedule: number[];
    jitter: number;
    retryAfterMaxMs: number;
    connectTimeoutMs: number;
    responseTimeoutMs: number;
    concurrency: number;
    pollMs: number;
    leaseMs: number;
    breaker: { minRequests: number; failureRate: number; windowMs: number; cooldownMs: number; maxCooldownMs: number };
  };
  rules: {
    feeMismatch: 'warn' | 'reject';
  };
  idempotencyRetentionMs: number;
  /** Timeouts of the HTTP listener (node:http), against clients that hold connections open. */
  server: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** The mock DMS's admin API needs `Authorization: Bearer <token>` when set; required beyond loopback. */
  mockAdminToken: string | undefined;
  /** Key and token hashes are HMACs under this pepper (SECRET_PEPPER, or SECRET_PEPPER_FILE; dev: made in certs/dev). */
  secretPepper: { value: string | undefined; file: string | undefined };
  /** Console sessions: absolute lifetime and idle timeout, checked by the server on every request. */
  consoleSession: { ttlMs: number; idleMs: number };
  /** After `keys rotate` / `operators rotate`, how long the previous secret keeps working. */
  keyRotationOverlapMs: number;
  /** The gateway's public URL (PUBLIC_URL), when it is reached through a proxy: a webhook may not point at it. */
  publicUrl: string | undefined;
  webhooks: {
    retrySchedule: number[];
    /** The whole exchange with a receiver: connect, headers and body. */
    timeoutMs: number;
    concurrency: number;
    /** Attempts one endpoint may hold at once, so a slow receiver never takes every slot. */
    perEndpoint: number;
    leaseMs: number;
    /** An endpoint failing for this long is disabled. */
    disableAfterMs: number;
    /** After a secret rotation, how long the previous secret signs beside the new one. */
    rotationOverlapMs: number;
    /** Loopback and private addresses allowed (default: only in development, i.e. without DMS_URL). */
    allowPrivateUrls: boolean;
  };
  /** AES-256 keys of personal data at rest (DATA_KEY, or DATA_KEYS_FILE; dev: made in certs/dev); required with a production signing key. */
  dataKeys: { value: string | undefined; file: string | undefined };
  /** HTTPS on the listener (TLS_CERT_FILE + TLS_KEY_FILE, reloaded on SIGHUP); undefined: plain HTTP behind a proxy or security server. */
  tls: ListenerTls | undefined;
  /** The connection to DMS: a client certificate to present (mTLS) and the CA its server certificate must chain to. */
  dmsTls: DmsTls;
  /** Token buckets on the API (per key, per client IP unauthenticated) and the sign-in throttle; in memory, per instance. */
  rateLimits: RateLimitSettings;
}

export interface ListenerTls {
  certFile: string;
  keyFile: string;
  /** CA(s) client certificates must chain to (TLS_CLIENT_CA_FILE); set: clients are asked for one. */
  clientCaFile: string | undefined;
  /** Every register must present a valid client certificate, bound or not. */
  clientCertRequired: boolean;
}

export interface DmsTls {
  clientCertFile: string | undefined;
  clientKeyFile: string | undefined;
  /** Replaces the system's CA store for DMS's server certificate when set. */
  serverCaFile: string | undefined;
}

type Env = Record<string, string | undefined>;

/** Three days in the spirit of Svix: quick first retries, then hours apart. */
export const DEFAULT_RETRY_SCHEDULE = '5s,30s,2m,10m,30m,1h,2h,4h,8h,16h,24h,16h';

/** The Standard Webhooks / Svix schedule: about a day and a half over eight attempts. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: string | undefined, parse: (v: string) => T): T => {
    const raw = env[name] ?? fallback;
    try {
      return parse(raw as string);
    } catch (err) {
      problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined as T;
    }
  };
  const optional = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const file = (name: string): string | undefined => optional(name) && path.resolve(cwd, optional(name) as string);

  const dataDir = path.resolve(cwd, optional('DATA_DIR') ?? './data');
  const service = read('XROAD_SERVICE', 'SEVDEIR-TEST/GOV/37508470/VIS', parseXRoadIdentity);
  const client = read('XROAD_CLIENT', 'SEVDEIR-TEST/GOV/RTG', parseClientTemplate);

  // A mistake in the file stops the start with the line it is on (ConfigError from the parser).
  let destination: Destination | undefined;
  try {
    const destinations = loadDestinations(optional('DMS_DESTINATIONS_FILE') && path.resolve(cwd, optional('DMS_DESTINATIONS_FILE') as string), CONTRACT_VERSION_NAMES);
    if (destinations.length > 1) problems.push(`DMS_DESTINATIONS_FILE: ${destinations.length} destinations; this gateway delivers to one (list one)`);
    destination = destinations[0];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  const dmsUrl = read('DMS_URL', '', (v) => (v.trim() === '' ? undefined : parseUrl(v)));

  const config: Config = {
    host: optional('HOST') ?? '127.0.0.1',
    port: read('PORT', '8080', parsePort),
    mockDmsPort: read('MOCK_DMS_PORT', '8081', parsePort),
    sandboxMockDmsPort: read('SANDBOX_MOCK_DMS_PORT', '0', parsePort),
    dataDir,
    databaseUrl: read('DATABASE_URL', '', (v) => (v.trim() === '' ? undefined : parseDatabaseUrl(v))),
    databasePoolSize: read('DATABASE_POOL_SIZE', '10', (v) => parseIntIn(v, 1, 200)),
    retentionDays: read('RETENTION_DAYS', '90', (v) => parseIntIn(v, 1, 36500)),
    keyValidityWarningDays: read('READY_KEY_VALIDITY_DAYS', '14', (v) => parseIntIn(v, 0, 3650)),
    // The file's URL, when one is given, is where messages go.
    dmsUrl: destination?.url ?? dmsUrl,
    destination: destination as Destination,
    demoApiKey: read('DEMO_API_KEY', '', (v) => (v.trim() === '' ? undefined : parseApiKey(v))),
    demoOperatorToken: read('DEMO_OPERATOR_TOKEN', '', (v) => (v.trim() === '' ? undefined : parseApiKey(v))),
    logLevel: read('LOG_LEVEL', 'info', (v) => oneOf(v, ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const)),
    bodyLimitBytes: read('BODY_LIMIT', '64KiB', parseBytes),
    signing: {
      algorithm: read('SIGNING_ALGORITHM', 'rsa-sha256', (v) => oneOf(v, ['rsa-sha256', 'ecdsa-p256-sha256'] as const)),
      keyFile: optional('SIGNING_KEY_FILE') && path.resolve(cwd, optional('SIGNING_KEY_FILE') as string),
      certFile: optional('SIGNING_CERT_FILE') && path.resolve(cwd, optional('SIGNING_CERT_FILE') as string),
      devCertsDir: path.resolve(cwd, optional('DEV_CERTS_DIR') ?? './certs/dev'),
    },
    mockDmsOutcomeDelayMs: read('MOCK_DMS_OUTCOME_DELAY_MS', '3000', (v) => parseIntIn(v, 0, 3_600_000)),
    mockDmsCallbackUrls: read('MOCK_DMS_CALLBACK_URL', '', (v) => (v.trim() === '' ? undefined : v.split(',').map((u) => parseUrl(u.trim())))),
    mockTrustedCaFile: optional('MOCK_DMS_TRUSTED_CA_FILE') && path.resolve(cwd, optional('MOCK_DMS_TRUSTED_CA_FILE') as string),
    dmsCaFile: optional('DMS_CA_FILE') && path.resolve(cwd, optional('DMS_CA_FILE') as string),
    xroad: { client, service, serviceVersion: optional('XROAD_SERVICE_VERSION') ?? 'v1' },
    delivery: {
      workerEnabled: read('WORKER_ENABLED', 'true', (v) => oneOf(v, ['true', 'false'] as const) === 'true'),
      retrySchedule: read('RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE, parseDurationList),
      jitter: read('RETRY_JITTER', '0.2', (v) => parseNumberIn(v, 0, 0.5)),
      retryAfterMaxMs: read('RETRY_AFTER_MAX', '1h', parseDuration),
      connectTimeoutMs: read('DMS_CONNECT_TIMEOUT', '5s', parseDuration),
      responseTimeoutMs: read('DMS_RESPONSE_TIMEOUT', '30s', parseDuration),
      concurrency: read('WORKER_CONCURRENCY', '4', (v) => parseIntIn(v, 1, 64)),
      pollMs: read('WORKER_POLL', '1s', parseDuration),
      leaseMs: read('DELIVERY_LEASE', '2m', parseDuration),
      breaker: {
        minRequests: read('BREAKER_MIN_REQUESTS', '10', (v) => parseIntIn(v, 1, 10_000)),
        failureRate: read('BREAKER_FAILURE_RATE', '0.7', (v) => parseNumberIn(v, 0.01, 1)),
        windowMs: read('BREAKER_WINDOW', '1m', parseDuration),
        cooldownMs: read('BREAKER_COOLDOWN', '30s', parseDuration),
        maxCooldownMs: read('BREAKER_MAX_COOLDOWN', '10m', parseDuration),
      },
    },
    rules: {
      feeMismatch: read('FEE_MISMATCH', 'warn', (v) => oneOf(v, ['warn', 'reject'] as const)),
    },
    idempotencyRetentionMs: read('IDEMPOTENCY_RETENTION', '24h', parseDuration),
    server: {
      headersTimeoutMs: read('HTTP_HEADERS_TIMEOUT', '10s', parseDuration),
      requestTimeoutMs: read('HTTP_REQUEST_TIMEOUT', '30s', parseDuration),
      keepAliveTimeoutMs: read('HTTP_KEEP_ALIVE_TIMEOUT', '5s', parseDuration),
    },
    metricsToken: read('METRICS_TOKEN', '', (v) => (v.trim() === '' ? undefined : parseApiKey(v))),
    mockAdminToken: read('MOCK_DMS_ADMIN_TOKEN', '', (v) => (v.trim() === '' ? undefined : parseApiKey(v))),
    secretPepper: {
      value: read('SECRET_PEPPER', '', (v) => (v.trim() === '' ? undefined : parseApiKey(v))),
      file: optional('SECRET_PEPPER_FILE') && path.resolve(cwd, optional('SECRET_PEPPER_FILE') as string),
    },
    consoleSession: { ttlMs: read('CONSOLE_SESSION_TTL', '12h', parseDuration), idleMs: read('CONSOLE_IDLE_TIMEOUT', '30m', parseDuration) },
    keyRotationOverlapMs: read('KEY_ROTATION_OVERLAP', '24h', parseDuration),
    publicUrl: read('PUBLIC_URL', '', (v) => (v.trim() === '' ? undefined : parseUrl(v))),
    webhooks: {
      retrySchedule: read('WEBHOOK_RETRY_SCHEDULE', DEFAULT_WEBHOOK_RETRY_SCHEDULE, parseDurationList),
      timeoutMs: read('WEBHOOK_TIMEOUT', '15s', parseDuration),
      concurrency: read('WEBHOOK_CONCURRENCY', '8', (v) => parseIntIn(v, 1, 256)),
      perEndpoint: read('WEBHOOK_ENDPOINT_CONCURRENCY', '2', (v) => parseIntIn(v, 1, 64)),
      leaseMs: read('WEBHOOK_LEASE', '1m', parseDuration),
      disableAfterMs: read('WEBHOOK_DISABLE_AFTER', '5d', parseDuration),
      rotationOverlapMs: read('WEBHOOK_ROTATION_OVERLAP', '24h', parseDuration),
      // Development (the built-in mock DMS, no DMS_URL) talks to receivers on this machine.
      allowPrivateUrls: read('WEBHOOK_ALLOW_PRIVATE_URLS', dmsUrl === undefined && !destination?.url ? 'true' : 'false', (v) => oneOf(v, ['true', 'false'] as const) === 'true'),
    },
    rateLimits: {
      api: { ratePerSecond: read('RATE_LIMIT_RATE', '100', (v) => parseNumberIn(v, 0.001, 1_000_000)), burst: read('RATE_LIMIT_BURST', '1000', (v) => parseIntIn(v, 1, 10_000_000)) },
      unauthenticated: {
        ratePerSecond: read('RATE_LIMIT_IP_RATE', '20', (v) => parseNumberIn(v, 0.001, 1_000_000)),
        burst: read('RATE_LIMIT_IP_BURST', '200', (v) => parseIntIn(v, 1, 10_000_000)),
      },
      login: {
        freeFailures: read('LOGIN_FREE_FAILURES', '5', (v) => parseIntIn(v, 0, 1000)),
        lockoutMs: read('LOGIN_LOCKOUT', '30s', parseDuration),
        maxLockoutMs: read('LOGIN_LOCKOUT_MAX', '15m', parseDuration),
      },
    },
    dataKeys: {
      value: read('DATA_KEY', '', (v) => (v.trim() === '' ? undefined : (parseKey(v), v.trim()))),
      file: optional('DATA_KEYS_FILE') && path.resolve(cwd, optional('DATA_KEYS_FILE') as string),
    },
    tls: !file('TLS_CERT_FILE') ? undefined : {
      certFile: file('TLS_CERT_FILE') as string,
      keyFile: file('TLS_KEY_FILE') as string,
      clientCaFile: file('TLS_CLIENT_CA_FILE'),
      clientCertRequired: read('TLS_CLIENT_CERT_REQUIRED', 'false', (v) => oneOf(v, ['true', 'false'] as const) === 'true'),
    },
    dmsTls: { clientCertFile: file('DMS_CLIENT_CERT_FILE'), clientKeyFile: file('DMS_CLIENT_KEY_FILE'), serverCaFile: file('DMS_SERVER_CA_FILE') },
  };

  if (Boolean(config.signing.keyFile) !== Boolean(config.signing.certFile)) {
    problems.push('SIGNING_KEY_FILE and SIGNING_CERT_FILE go together: set both or neither');
  }
  if (config.dataKeys.value && config.dataKeys.file) problems.push('DATA_KEY and DATA_KEYS_FILE: set one of them, not both');
  // Production (a real signing key): personal data is not stored under a development key made on the spot.
  if (config.signing.keyFile && !config.dataKeys.value && !config.dataKeys.file) {
    problems.push('DATA_KEYS_FILE (or DATA_KEY) is required with SIGNING_KEY_FILE: personal data is encrypted at rest under it');
  }
  if (Boolean(optional('TLS_CERT_FILE')) !== Boolean(optional('TLS_KEY_FILE'))) {
    problems.push(`${optional('TLS_CERT_FILE') ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'} is missing: TLS_CERT_FILE and TLS_KEY_FILE go together (set both for HTTPS, or neither)`);
  }
  // Client certificates exist only on a TLS connection the gateway itself terminates.
  const mtlsWithoutTls = [optional('TLS_CLIENT_CA_FILE') && 'TLS_CLIENT_CA_FILE', optional('TLS_CLIENT_CERT_REQUIRED') === 'true' && 'TLS_CLIENT_CERT_REQUIRED'];
  for (const name of optional('TLS_CERT_FILE') ? [] : mtlsWithoutTls) {
    if (name) problems.push(`${name} needs TLS on the listener: set TLS_CERT_FILE and TLS_KEY_FILE`);
  }
  if (config.tls?.clientCertRequired && !config.tls.clientCaFile) {
    problems.push('TLS_CLIENT_CERT_REQUIRED=true needs TLS_CLIENT_CA_FILE, the CA the client certificates are checked against');
  }
  if (Boolean(config.dmsTls.clientCertFile) !== Boolean(config.dmsTls.clientKeyFile)) {
    problems.push(`${config.dmsTls.clientCertFile ? 'DMS_CLIENT_KEY_FILE' : 'DMS_CLIENT_CERT_FILE'} is missing: DMS_CLIENT_CERT_FILE and DMS_CLIENT_KEY_FILE go together (set both or neither)`);
  }
  if (config.delivery && config.delivery.leaseMs <= config.delivery.responseTimeoutMs + config.delivery.connectTimeoutMs) {
    problems.push('DELIVERY_LEASE must be longer than DMS_CONNECT_TIMEOUT + DMS_RESPONSE_TIMEOUT, or a slow attempt could be claimed twice');
  }
  if (config.webhooks && config.webhooks.leaseMs <= config.webhooks.timeoutMs) {
    problems.push('WEBHOOK_LEASE must be longer than WEBHOOK_TIMEOUT, or a slow attempt could be claimed twice');
  }
  if (config.webhooks && config.webhooks.perEndpoint > config.webhooks.concurrency) {
    problems.push('WEBHOOK_ENDPOINT_CONCURRENCY must not exceed WEBHOOK_CONCURRENCY');
  }
  if (config.rateLimits.login.lockoutMs > config.rateLimits.login.maxLockoutMs) {
    problems.push('LOGIN_LOCKOUT must not be longer than LOGIN_LOCKOUT_MAX');
  }
  if (config.server.headersTimeoutMs > config.server.requestTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT must not be longer than HTTP_REQUEST_TIMEOUT');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`"${value}" is not one of ${allowed.join(', ')}`);
}

function parsePort(v: string): number {
  return parseIntIn(v, 0, 65535);
}

function parseIntIn(v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v.trim())) throw new Error(`"${v}" is not a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new Error(`${n} is outside ${min}..${max}`);
  return n;
}

function parseNumberIn(v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`"${v}" is not a number in ${min}..${max}`);
  return n;
}

function parseBytes(v: string): number {
  const match = /^\s*(\d+)\s*(B|KiB|MiB)?\s*$/.exec(v);
  if (!match) throw new Error(`"${v}" is not a size (examples: 65536, 64KiB, 1MiB)`);
  const factor = match[2] === 'MiB' ? 1024 * 1024 : match[2] === 'KiB' ? 1024 : 1;
  return Number(match[1]) * factor;
}

function parseUrl(v: string): string {
  const url = new URL(v);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be an http(s) URL');
  return url.toString();
}

function parseDatabaseUrl(v: string): string {
  const url = new URL(v);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('must be a postgres:// URL');
  return v;
}

function parseApiKey(v: string): string {
  if (v.length < 16) throw new Error('must be at least 16 characters');
  if (!/^[\x21-\x7e]+$/.test(v)) throw new Error('must be printable ASCII without spaces');
  return v;
}

/** SEVDEIR-TEST/GOV/37508470/VIS → the X-Road identifier parts. */
function parseXRoadIdentity(v: string): XRoadIdentity {
  const parts = v.split('/');
  if (parts.length < 3 || parts.length > 4 || parts.some((p) => p.trim() === '')) {
    throw new Error(`"${v}" is not INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`);
  }
  const [xRoadInstance, memberClass, memberCode, subsystemCode] = parts as [string, string, string, string?];
  return subsystemCode ? { xRoadInstance, memberClass, memberCode, subsystemCode } : { xRoadInstance, memberClass, memberCode };
}

/** The client's member code is each register's own ЄДРПОУ code, so the template has no member code. */
function parseClientTemplate(v: string): Omit<XRoadIdentity, 'memberCode'> {
  const parts = v.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() === '')) {
    throw new Error(`"${v}" is not INSTANCE/CLASS[/SUBSYSTEM] (the member code is the register's ЄДРПОУ code)`);
  }
  const [xRoadInstance, memberClass, subsystemCode] = parts as [string, string, string?];
  return subsystemCode ? { xRoadInstance, memberClass, subsystemCode } : { xRoadInstance, memberClass };
}

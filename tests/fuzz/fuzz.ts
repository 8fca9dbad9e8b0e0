// `npm run fuzz`: the mock DMS and the gateway as separate processes (SQLite in a temporary folder),
// then N mutated requests to the gateway and M attack messages to the mock, drawn from one seed.
// It holds when no answer is a 5xx, no process died, nothing was logged as an error, the gateway is
// healthy afterwards and a valid event posted then is still delivered; and the mock answered every
// attack with a rejection (a SOAP Client fault), never a Server fault.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { createRng } from '../chaos/random.ts';
import { freePort, mockDmsProcess, REPO, ServiceProcess } from '../chaos/processes.ts';
import { gatewayCase, rawCase, type FuzzRequest } from './gateway-cases.ts';
import { mockAttack } from './mock-attacks.ts';

export interface FuzzOptions {
  requests: number;
  mockMessages: number;
  seed: number;
  concurrency: number;
  /** A line on stderr every 10,000 requests. */
  progress?: boolean;
  /** Keep the run's folder (logs, database) for a look afterwards. */
  keep?: boolean;
}

export interface FuzzSummary {
  requests: number;
  byClass: Record<string, number>;
  serverErrors: number;
  serverErrorSamples: string[];
  networkErrors: number;
  raw: number;
  crashes: number;
  loggedErrors: number;
  healthyAfter: boolean;
  deliveredAfter: boolean;
  mockMessages: number;
  mockRejected: number;
  mockAccepted: number;
  mockServerFaults: number;
  mockMustRejectAccepted: string[];
  /** Accepted attacks of KNOWN_OPEN_ATTACKS. */
  mockKnownOpenAccepted: number;
  elapsedS: number;
  dir: string;
}

/**
 * Attacks the mock is known to accept today: counted and printed, not failing the run. Empty since
 * the signature covers the whole message (a second SOAP Body breaks it); add an entry only with an
 * open issue that names it.
 */
export const KNOWN_OPEN_ATTACKS = new Set<string>();

const API_KEY = 'rtg_fuzz_register_key_0000000000';
const OPERATOR = 'rtgop_fuzz_operator_token_000000000';
const EXAMPLES = path.join(REPO, 'contracts/events/v1/examples');

export function summaryLine(s: FuzzSummary, seed: number): string {
  const classes = Object.entries(s.byClass).sort().map(([k, v]) => `${k}=${v}`).join(' ');
  return (
    `fuzz: seed=${seed} requests=${s.requests} 5xx=${s.serverErrors} network_errors=${s.networkErrors} raw=${s.raw} ${classes} crashes=${s.crashes} ` +
    `logged_errors=${s.loggedErrors} healthy_after=${s.healthyAfter} delivered_after=${s.deliveredAfter} ` +
    `mock_messages=${s.mockMessages} mock_rejected=${s.mockRejected} mock_accepted=${s.mockAccepted} mock_server_faults=${s.mockServerFaults} ` +
    `mock_attacks_accepted=${s.mockMustRejectAccepted.length} mock_known_open_accepted=${s.mockKnownOpenAccepted} elapsed=${s.elapsedS.toFixed(1)}s`
  );
}

export function fuzzPassed(s: FuzzSummary): boolean {
  return s.serverErrors === 0 && s.crashes === 0 && s.loggedErrors === 0 && s.healthyAfter && s.deliveredAfter && s.mockServerFaults === 0 && s.mockMustRejectAccepted.length === 0 && s.networkErrors === 0;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  // On tmpfs when there is one: an fsync there is free, and the run is about the door, not the disk.
  const dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rtg-fuzz-'));
  const dirs = { dataDir: path.join(dir, 'data'), certsDir: path.join(dir, 'certs'), logsDir: path.join(dir, 'logs') };
  mkdirSync(dirs.logsDir, { recursive: true });
  const mock = mockDmsProcess(dirs, await freePort());
  const gatewayPort = await freePort();
  const gateway = new ServiceProcess({
    name: 'gateway',
    port: gatewayPort,
    args: ['serve'],
    env: {
      PORT: String(gatewayPort), DATA_DIR: dirs.dataDir, DEV_CERTS_DIR: dirs.certsDir, DMS_URL: `${mock.url}/dms`,
      DEMO_API_KEY: API_KEY, DEMO_OPERATOR_TOKEN: OPERATOR, LOG_LEVEL: 'warn', RETRY_SCHEDULE: '1s,2s', WORKER_POLL: '200ms',
      // Limits lifted: the fuzz is after what the handlers do with bad input, not after 429s.
      RATE_LIMIT_RATE: '1000000', RATE_LIMIT_BURST: '10000000', RATE_LIMIT_IP_RATE: '1000000', RATE_LIMIT_IP_BURST: '10000000',
    },
    logFile: path.join(dirs.logsDir, 'gateway.log'),
    readyPath: '/healthz',
  });
  const agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 4_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const rng = createRng(options.seed);
  const examples = readdirSync(EXAMPLES).sort().map((f) => JSON.parse(readFileSync(path.join(EXAMPLES, f), 'utf8')) as Record<string, unknown>);
  const summary: FuzzSummary = {
    requests: 0, byClass: {}, serverErrors: 0, serverErrorSamples: [], networkErrors: 0, raw: 0, crashes: 0, loggedErrors: 0, healthyAfter: false, deliveredAfter: false,
    mockMessages: 0, mockRejected: 0, mockAccepted: 0, mockServerFaults: 0, mockMustRejectAccepted: [], mockKnownOpenAccepted: 0, elapsedS: 0, dir,
  };
  try {
    await mock.start();
    await gateway.start();

    // A few real deliveries first: their signed messages are what the mock's attacks are made from.
    const warmIds: string[] = [];
    for (const [i, example] of examples.slice(0, 3).entries()) {
      const answer = await send(agent, gateway.url, { method: 'POST', path: '/v1/events', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': `warm-${i}` }, body: JSON.stringify({ ...example, eventId: `WARM-${i}` }) });
      warmIds.push((JSON.parse(answer.body) as { id: string }).id);
    }
    for (const id of warmIds) await waitDelivered(agent, gateway.url, id);

    // The gateway: mutated requests, `concurrency` at a time; about one in a hundred is raw, malformed HTTP.
    const host = new URL(gateway.url).host;
    let next = 0;
    const worker = async () => {
      while (next < options.requests) {
        const n = next++;
        if (rng.chance(0.01)) {
          summary.raw++;
          const status = await rawExchange(gateway.url, rawCase(rng, host));
          count(summary, status, `raw #${n}`);
          continue;
        }
        const req = gatewayCase(rng, examples, { apiKey: API_KEY, operatorToken: OPERATOR }, n);
        try {
          const answer = await send(agent, gateway.url, req);
          count(summary, answer.status, `${req.method} ${req.path.slice(0, 80)} → ${answer.body.slice(0, 200)}`);
        } catch (err) {
          summary.networkErrors++;
          if (summary.serverErrorSamples.length < 10) summary.serverErrorSamples.push(`network error on ${req.method} ${req.path.slice(0, 80)}: ${(err as Error).message}`);
        }
        summary.requests++;
        if (options.progress && summary.requests % 10_000 === 0) process.stderr.write(`fuzz: ${summary.requests} requests, 5xx=${summary.serverErrors}, ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
        if (!gateway.running) break;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    summary.requests += summary.raw;

    // The mock: attacks built from the signed messages it accepted.
    const journal = (await (await fetch(`${mock.url}/__admin/messages?verdict=accepted`)).json()) as Array<{ raw: string }>;
    const originals = journal.map((e) => e.raw);
    if (originals.length === 0) throw new Error('no accepted message in the mock journal to build attacks from');
    for (let i = 0; i < options.mockMessages; i++) {
      const attack = mockAttack(rng, rng.pick(originals), i);
      summary.mockMessages++;
      const t0 = Date.now();
      if (process.env.FUZZ_TRACE) process.stderr.write(`attack ${i} ${attack.kind} ${attack.body.length} bytes…`);
      try {
        const res = await request(`${mock.url}/dms`, { method: 'POST', dispatcher: agent, headers: { 'content-type': attack.contentType, soapaction: '""' }, body: attack.body });
        const text = await res.body.text();
        if (/faultcode>[^<]*Server</.test(text)) summary.mockServerFaults++;
        else if (res.statusCode === 200) {
          summary.mockAccepted++;
          if (attack.mustReject && !KNOWN_OPEN_ATTACKS.has(attack.kind)) summary.mockMustRejectAccepted.push(attack.kind);
          if (KNOWN_OPEN_ATTACKS.has(attack.kind)) summary.mockKnownOpenAccepted++;
        } else summary.mockRejected++;
      } catch {
        summary.mockServerFaults++; // no answer at all
      }
      if (process.env.FUZZ_TRACE) process.stderr.write(` ${Date.now() - t0} ms\n`);
    }

    summary.crashes = (gateway.running ? 0 : 1) + (mock.running ? 0 : 1);
    summary.healthyAfter = gateway.running && (await send(agent, gateway.url, { method: 'GET', path: '/readyz', headers: {} }).then((a) => a.status === 200, () => false));
    if (summary.healthyAfter) {
      // A person no fuzzed event was about (identified by a passport booklet number of its own), so
      // it cannot wait behind a fuzzed event of the same person that DMS rejected.
      const example = JSON.parse(readFileSync(path.join(EXAMPLES, 'residence-registered.passport-booklet-without-identifiers.json'), 'utf8')) as { document: Record<string, unknown> };
      const event = { ...example, eventId: 'AFTER-FUZZ', document: { ...example.document, number: String(rng.int(100_000, 999_999)) } };
      const answer = await send(agent, gateway.url, { method: 'POST', path: '/v1/events', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'after-fuzz' }, body: JSON.stringify(event) });
      summary.deliveredAfter = answer.status === 202 && (await waitDelivered(agent, gateway.url, (JSON.parse(answer.body) as { id: string }).id).then(() => true, () => false));
    }
  } finally {
    await agent.close().catch(() => undefined);
    await gateway.stop();
    await mock.stop();
    summary.loggedErrors = countErrorLines(path.join(dirs.logsDir, 'gateway.log')) + countErrorLines(path.join(dirs.logsDir, 'mock-dms.log'));
    summary.elapsedS = (Date.now() - started) / 1000;
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  return summary;
}

function count(summary: FuzzSummary, status: number, what: string): void {
  const key = status === 0 ? 'closed' : `${Math.floor(status / 100)}xx`;
  summary.byClass[key] = (summary.byClass[key] ?? 0) + 1;
  if (status >= 500) {
    summary.serverErrors++;
    if (summary.serverErrorSamples.length < 10) summary.serverErrorSamples.push(`${status} ${what}`);
  }
}

async function send(agent: Agent, base: string, req: FuzzRequest): Promise<{ status: number; body: string }> {
  const res = await request(`${base}${req.path}`, { method: req.method as 'GET', headers: req.headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body, dispatcher: agent, maxRedirections: 0 } as Parameters<typeof request>[1]);
  return { status: res.statusCode, body: await res.body.text() };
}

async function waitDelivered(agent: Agent, base: string, id: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const answer = await send(agent, base, { method: 'GET', path: `/v1/events/${id}`, headers: { authorization: `Bearer ${API_KEY}` } });
    const status = (JSON.parse(answer.body) as { status?: string }).status;
    if (status === 'delivered') return;
    if (status === 'failed' || status === 'rejected' || Date.now() > deadline) throw new Error(`event ${id} ended ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Malformed HTTP: the status line of whatever comes back (0 when the server just closes). */
function rawExchange(url: string, bytes: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let got = '';
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(got)?.[1] ?? 0)));
  });
}

function countErrorLines(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').split('\n').filter((line) => {
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
    } catch {
      return false;
    }
  }).length;
}

// The console mounted at /ui over the fake Operations (or, with realConsoleClient, over the real
// Operations and a real store's access), and a tiny browser: sign in, follow the cookie, read the
// CSRF token from a page, post forms (with the Origin a browser would send).
import { Hono } from 'hono';
import pino from 'pino';
import { secretHasher } from '../../../src/auth/api-keys.ts';
import type { SessionRecord } from '../../../src/store/access.ts';
import type { SessionPolicy } from '../../../src/ui/middleware/session.ts';
import type { Operations } from '../../../src/operations/operations.ts';
import type { NoticeOperations } from '../../../src/notices/operations.ts';
import type { ConsoleAccess } from '../../../src/ui/console-env.ts';
import type { ConsoleEnv } from '../../../src/ui/console-env.ts';
import { consoleRoutes } from '../../../src/ui/routes.ts';
import type { WebhookManagement } from '../../../src/webhooks/manage.ts';
import { fakeOperations, type FakeOperations } from './fake-operations.ts';
import { SECRETS } from './fixtures.ts';

const ORIGIN = 'http://localhost';

/** The fixtures' principals by peppered hash, and sessions in memory. */
function fakeAccess(): ConsoleAccess {
  const hasher = secretHasher('console-test-pepper');
  const byHash = new Map(Object.entries(SECRETS).map(([secret, p]) => [hasher.hash(secret), p]));
  const principals = [...byHash.values()];
  const secrets = new Map<string, string>();
  const sessions = new Map<string, SessionRecord>();
  return {
    hasher,
    async getOrCreateSecret(name, make) {
      if (!secrets.has(name)) secrets.set(name, make());
      return secrets.get(name) as string;
    },
    async findRegisterByKeyHash(hash) {
      const p = byHash.get(hash);
      return p?.kind === 'register' ? p.register : null;
    },
    async findOperatorByTokenHash(hash) {
      const p = byHash.get(hash);
      return p?.kind === 'operator' ? p.operator : null;
    },
    rehashRegisterKey: async () => false,
    rehashOperatorToken: async () => false,
    findRegisterById: async (id) => principals.flatMap((p) => (p.kind === 'register' && p.register.id === id ? [p.register] : []))[0] ?? null,
    findOperatorById: async (id) => principals.flatMap((p) => (p.kind === 'operator' && p.operator.id === id ? [p.operator] : []))[0] ?? null,
    async createSession(record) {
      sessions.set(record.idHash, { ...record });
    },
    findSession: async (idHash) => sessions.get(idHash) ?? null,
    async touchSession(idHash, now) {
      const found = sessions.get(idHash);
      if (found) found.lastSeenAt = now;
    },
    async deleteSession(idHash) {
      sessions.delete(idHash);
    },
    async purgeSessions(now, idleMs) {
      for (const [k, v] of sessions) if (v.expiresAt <= now || v.lastSeenAt <= now - idleMs) sessions.delete(k);
    },
  };
}

export interface ConsoleClient<O extends Operations = FakeOperations> {
  ops: O;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Signs in with a secret from fixtures.ts; later requests carry the session cookie. */
  signIn(secret: string): Promise<Response>;
  get(path: string): Promise<{ res: Response; html: string }>;
  /** Posts a form; the CSRF token is taken from the last page fetched unless `csrf` says otherwise. */
  post(path: string, fields: Record<string, string>, options?: { csrf?: string | null; origin?: string | null }): Promise<{ res: Response; html: string }>;
  /** The session cookie as sent (`name=value`), and a way to put an old one back. */
  cookie(): string | null;
  useCookie(value: string | null): void;
}

export interface ConsoleClientOptions {
  /** The store behind sign-in and sessions; an in-memory fake over fixtures.ts unless given. */
  access?: ConsoleAccess;
  now?: () => number;
  consoleSession?: SessionPolicy;
  /** Notices from DMS (real NoticeOperations); without them the console has no Notices pages. */
  notices?: NoticeOperations;
  /** Webhook endpoints behind the webhooks pages; absent, they answer 404. */
  webhooks?: WebhookManagement;
}

export function consoleClient(options: ConsoleClientOptions = {}): ConsoleClient {
  return browserOver(options.access ?? fakeAccess(), fakeOperations(), options);
}

/** The console over the real Operations: access rules and sign-in are the gateway's own. */
export function realConsoleClient(access: ConsoleAccess, operations: Operations, notices?: NoticeOperations, webhooks?: WebhookManagement): ConsoleClient<Operations> {
  return browserOver(access, operations, { ...(notices ? { notices } : {}), ...(webhooks ? { webhooks } : {}) });
}

function browserOver<O extends Operations>(access: ConsoleAccess, ops: O, options: ConsoleClientOptions): ConsoleClient<O> {
  const app = new Hono<ConsoleEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', 'test-request');
    await next();
  });
  app.route(
    '/ui',
    consoleRoutes({
      access,
      operations: ops,
      ...(options.notices ? { notices: options.notices } : {}),
      logger: pino({ level: 'silent' }),
      now: options.now ?? (() => Date.UTC(2026, 10, 23, 9)),
      consoleSession: options.consoleSession,
      webhooks: options.webhooks,
    }),
  );

  let cookie: string | null = null;
  let csrfToken: string | null = null;
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(path, { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? null : (set.split(';')[0] as string);
    return res;
  };
  const remember = async (res: Response) => {
    const html = await res.text();
    csrfToken = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrfToken;
    return { res, html };
  };

  return {
    ops,
    request,
    cookie: () => cookie,
    useCookie: (value) => {
      cookie = value;
    },
    signIn: (secret) => request('/ui/login', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ secret }) }),
    get: async (path) => remember(await request(path)),
    post: async (path, fields, options = {}) => {
      const token = options.csrf === undefined ? csrfToken : options.csrf;
      const body = new URLSearchParams({ ...fields, ...(token === null ? {} : { _csrf: token }) });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      const origin = options.origin === undefined ? ORIGIN : options.origin;
      if (origin !== null) headers.origin = origin;
      return remember(await request(path, { method: 'POST', headers, body }));
    },
  };
}

// The gateway's HTTP application over a real SQLite store in a temporary folder, with the demo
// register, and no server, worker or DMS: route tests call it with app.request(), Hono's way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { secretHasher } from '../../src/auth/api-keys.ts';
import { ensureFirstStartAccess } from '../../src/app/first-start.ts';
import type { AppEnv } from '../../src/http/app-env.ts';
import { createApp } from '../../src/http/app.ts';
import type { RateLimits } from '../../src/http/rate-limit/limits.ts';
import { createLogger } from '../../src/logger.ts';
import { DMS_V1 } from '../../src/mapping/dms-v1/contract.ts';
import { createNoticeOperations } from '../../src/notices/operations.ts';
import { createOperations } from '../../src/operations/create-operations.ts';
import type { Operations } from '../../src/operations/operations.ts';
import { testFields } from './data-keys.ts';
import type { NoticeOperations } from '../../src/notices/operations.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { TEST_API_KEY } from './gateway.ts';
import { createWebhookManagement, type WebhookManagement } from '../../src/webhooks/manage.ts';
import type { UrlPolicy } from '../../src/webhooks/url-policy.ts';

export { TEST_API_KEY };
export const TEST_PEPPER = 'pepper-for-route-tests';
export const TEST_OPERATOR_TOKEN = 'rtgop_test_token_for_the_demo_admin_0000';

export interface TestApp {
  app: Hono<AppEnv>;
  /** The real store and Operations behind the app: to seed, revoke or rotate a key, or set a register's territory, in a test. */
  store: Store;
  operations: Operations;
  notices: NoticeOperations;
  /** The webhook endpoints' rules behind /v1/webhooks and the console's webhooks pages. */
  webhooks: WebhookManagement;
  /** POST /v1/events with the demo register's key, JSON and a fresh Idempotency-Key unless told otherwise. */
  post(body: unknown, init?: { key?: string; idempotencyKey?: string | null; headers?: Record<string, string> }): Promise<Response>;
  get(pathname: string, key?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(options: { bodyLimitBytes?: number; metrics?: () => Promise<string>; rateLimits?: RateLimits; urlPolicy?: UrlPolicy; now?: () => number } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rtg-app-'));
  const store = await openStore({ dataDir, databaseUrl: undefined, databasePoolSize: 1 }, testFields);
  const logger = createLogger('silent');
  const hasher = secretHasher(TEST_PEPPER);
  await ensureFirstStartAccess(store.access, { demoApiKey: TEST_API_KEY, demoOperatorToken: TEST_OPERATOR_TOKEN }, hasher, logger);
  const personKeySecret = 'person-key-secret-for-route-tests';
  const operations = createOperations({ store, personKeySecret, breakers: () => [], onDue: () => undefined, onReplay: () => undefined, now: Date.now });
  const notices = createNoticeOperations({ notices: store.notices, audit: store.audit, evidence: store.evidence, territory: store.territory, now: Date.now });
  const webhooks = createWebhookManagement({
    webhooks: store.webhooks,
    // The gateway as route tests imagine it: listening on 127.0.0.1:8080, private addresses refused.
    urlPolicy: options.urlPolicy ?? { allowPrivate: false, self: { host: '127.0.0.1', port: 8080 } },
    rotationOverlapMs: 24 * 3_600_000,
    now: options.now ?? Date.now,
  });
  const app = createApp({
    access: { ...store.access, hasher },
    notices,
    events: store.events,
    idempotency: store.idempotency,
    logger,
    personKeySecret,
    territoryOf: store.territory.territoryOf,
    noticeRoutedTo: store.notices.isRoutedTo,
    contract: DMS_V1,
    feeMismatch: 'warn',
    bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
    idempotencyRetentionMs: 24 * 3_600_000,
    operations,
    metrics: options.metrics ?? (async () => ''),
    health: async () => ({ ok: true, checks: { store: true } }),
    webhooks,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  return {
    app,
    store,
    operations,
    notices,
    webhooks,
    post: async (body, init = {}) => {
      const idempotencyKey = init.idempotencyKey === undefined ? crypto.randomUUID() : init.idempotencyKey;
      return app.request('/v1/events', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${init.key ?? TEST_API_KEY}`,
          'content-type': 'application/json',
          ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
          ...init.headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    get: async (pathname, key = TEST_API_KEY) => app.request(pathname, { headers: { authorization: `Bearer ${key}` } }),
    close: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Problem {
  type: string;
  status: number;
  code: string;
  message: { uk: string; en: string };
  pointer?: string;
  requestId?: string;
}

/** Checks an RFC 9457 answer: status, stable code, a message in both languages, the request id. */
export async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as Problem;
  expect(problem).toMatchObject({ status, code, type: `urn:rtg-gateway:problem:${code}` });
  expect(problem.message.uk).toMatch(/[а-яіїєґ]/i);
  expect(problem.message.en).toMatch(/[a-z]/i);
  expect(problem.requestId).toBeTruthy();
  return problem;
}

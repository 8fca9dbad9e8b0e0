// Starts a real gateway in this process on free ports, with its own data and certificate folders,
// as `serve` does: with the mock DMS beside it unless DMS_URL is given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningGateway } from '../../src/app/gateway.ts';
import { serve } from '../../src/app/serve.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logger.ts';

export const TEST_API_KEY = 'rtg_test_key_for_the_demo_register_000';

export interface TestGateway extends RunningGateway {
  dataDir: string;
  certsDir: string;
  post(body: unknown, init?: { key?: string; idempotencyKey?: string; headers?: Record<string, string> }): Promise<Response>;
  get(pathname: string, key?: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestGateway(env: Record<string, string> = {}, dirs?: { dataDir: string; certsDir: string }): Promise<TestGateway> {
  const root = dirs ? null : mkdtempSync(path.join(tmpdir(), 'rtg-gw-'));
  const dataDir = dirs?.dataDir ?? path.join(root as string, 'data');
  const certsDir = dirs?.certsDir ?? path.join(root as string, 'certs');
  const config = loadConfig({
    PORT: '0',
    MOCK_DMS_PORT: '0',
    DATA_DIR: dataDir,
    DEV_CERTS_DIR: certsDir,
    DEMO_API_KEY: TEST_API_KEY,
    RETRY_SCHEDULE: '200ms,200ms,200ms,200ms',
    RETRY_JITTER: '0',
    WORKER_POLL: '100ms',
    LOG_LEVEL: 'silent',
    // The built-in mock's final outcomes come only where a test asks for them (final-outcomes.test.ts):
    // elsewhere `delivered` stays what the test waits for.
    MOCK_DMS_OUTCOME_DELAY_MS: '3600000',
    ...env,
  });
  const gateway = await serve(config, createLogger(config.logLevel));
  return {
    ...gateway,
    dataDir,
    certsDir,
    post: (body, init = {}) =>
      fetch(`${gateway.url}/v1/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${init.key ?? TEST_API_KEY}`,
          'content-type': 'application/json',
          'idempotency-key': init.idempotencyKey ?? crypto.randomUUID(),
          ...init.headers,
        },
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      }),
    get: (pathname, key = TEST_API_KEY) => fetch(`${gateway.url}${pathname}`, { headers: { authorization: `Bearer ${key}` } }),
    stop: async () => {
      await gateway.close();
      if (root) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Polls an event until its status is one of `statuses`. */
export async function waitForStatus(gw: TestGateway, id: string, statuses: string[], timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await gw.get(`/v1/events/${id}`)).json()) as Record<string, unknown>;
    if (statuses.includes(String(body.status))) return body;
    if (Date.now() > deadline) throw new Error(`event ${id} is still ${String(body.status)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

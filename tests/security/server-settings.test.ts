// Listener timeouts, the optional /metrics token, the SQLite file's mode, and the first-start
// secrets kept out of the log.
import { statSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHasher } from '../../src/auth/api-keys.ts';
import { ensureFirstStartAccess } from '../../src/app/first-start.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logger.ts';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { testFields } from '../support/data-keys.ts';
import { openStore } from '../../src/store/open-store.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const METRICS_TOKEN = 'metrics_scrape_token_0000000000';

describe('the listener and its settings', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ WORKER_ENABLED: 'false', METRICS_TOKEN, HTTP_HEADERS_TIMEOUT: '300ms', HTTP_REQUEST_TIMEOUT: '600ms' });
  });
  afterAll(async () => gw.stop());

  it('puts /metrics behind METRICS_TOKEN when it is set', async () => {
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${gw.url}/metrics`, { headers: { authorization: 'Bearer not_the_metrics_token_000' } })).status).toBe(401);
    const ok = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('rtg_');
  });

  it('drops a client that never finishes its headers (408 and closed)', async () => {
    const { hostname, port } = new URL(gw.url);
    const answer = await new Promise<string>((resolve) => {
      let got = '';
      const socket = connect(Number(port), hostname, () => socket.write('POST /v1/events HTTP/1.1\r\nhost: x\r\n'));
      socket.on('data', (d) => (got += d.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(got));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps the SQLite file 0600 in a 0700 directory', () => {
    expect(statSync(gw.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(gw.dataDir, 'rtg-gateway.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(gw.dataDir, 'rtg-gateway.sqlite-wal')).mode & 0o777).toBe(0o600);
    const certs = ensureDevCertificates(gw.certsDir);
    expect(statSync(gw.certsDir).mode & 0o777).toBe(0o700);
    for (const key of [certs.caKeyFile, certs.rsa.keyFile, certs.ecdsa.keyFile]) expect(statSync(key).mode & 0o777, key).toBe(0o600);
  });
});

describe('configuration of the listener', () => {
  it('reads the timeouts and tokens once, and refuses a headers timeout longer than the request timeout', () => {
    const config = loadConfig({ HTTP_HEADERS_TIMEOUT: '2s', HTTP_REQUEST_TIMEOUT: '20s', HTTP_KEEP_ALIVE_TIMEOUT: '1s', METRICS_TOKEN, MOCK_DMS_ADMIN_TOKEN: METRICS_TOKEN });
    expect(config.server).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 1000 });
    expect([config.metricsToken, config.mockAdminToken]).toEqual([METRICS_TOKEN, METRICS_TOKEN]);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT: '1m', HTTP_REQUEST_TIMEOUT: '30s' })).toThrow(/HTTP_HEADERS_TIMEOUT/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('first start', () => {
  it('does not write the generated secrets to the log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rtg-first-log-'));
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } });
    const store = await openStore({ dataDir: dir, databaseUrl: undefined, databasePoolSize: 1 }, testFields);
    try {
      await ensureFirstStartAccess(store.access, {}, secretHasher('server-settings-test-pepper'), createLogger('trace', 'rtg-gateway', sink));
      expect(await store.access.countOperators()).toBe(1);
      expect(await store.access.countRegisters()).toBe(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines.join('')).toContain('created an admin operator');
    expect(lines.join('')).not.toMatch(/rtg(op)?_[A-Za-z0-9_-]{20,}/);
  });
});

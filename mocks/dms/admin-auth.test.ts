// The admin API (raw messages with personal data, faults, DELETE) behind a token whenever one is
// set, and a token required whenever the mock listens beyond loopback.
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopback } from './admin/admin-auth.ts';
import { createMockDmsApp } from './app.ts';
import { startMockDms } from './server.ts';
import { createTestPki } from './test-support/pki.ts';

const pki = createTestPki();
afterAll(() => pki.cleanup());
const TOKEN = 'mock_admin_token_for_tests_0000';

describe('mock DMS admin token', () => {
  const { app } = createMockDmsApp({ trustedCaPems: [pki.caPem], adminToken: TOKEN });
  const requests: Array<[string, string]> = [
    ['GET', '/__admin/messages'],
    ['GET', '/__admin/messages/1/raw'],
    ['DELETE', '/__admin/messages'],
    ['PUT', '/__admin/faults'],
    ['DELETE', '/__admin/faults'],
    ['GET', '/__admin/stats'],
    ['GET', '/__admin/health'],
  ];

  it.each(requests)('%s %s needs the token', async (method, path) => {
    for (const authorization of [undefined, 'Bearer wrong_token_wrong_token_00', `Basic ${TOKEN}`]) {
      const res = await app.request(path, { method, headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('UNAUTHORIZED');
    }
    const ok = await app.request(path, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: method === 'PUT' ? '{"sequence":[]}' : undefined });
    expect(ok.status).not.toBe(401);
  });

  it('leaves the SOAP endpoint to the signature checks, not the token', async () => {
    const res = await app.request('/dms', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: 'not xml' });
    expect(res.status).not.toBe(401);
  });

  it('refuses to start beyond loopback without a token, and starts with one', async () => {
    await expect(startMockDms({ port: 0, host: '0.0.0.0', trustedCaPems: [pki.caPem] })).rejects.toThrow(/MOCK_DMS_ADMIN_TOKEN/);
    const mock = await startMockDms({ port: 0, host: '0.0.0.0', trustedCaPems: [pki.caPem], adminToken: TOKEN });
    try {
      const url = `http://127.0.0.1:${mock.port}`;
      expect((await fetch(`${url}/__admin/health`)).status).toBe(401);
      expect((await fetch(`${url}/__admin/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      await mock.close();
    }
  });

  it('knows loopback from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'example.org', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });
});

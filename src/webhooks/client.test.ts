// The webhook client: private addresses refused unless allowed, a receiver that never answers cut
// off at the timeout, and redirects not followed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookClient } from './client.ts';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('the webhook client', () => {
  it('refuses loopback and private addresses unless they are allowed', async () => {
    const strict = createWebhookClient({ timeoutMs: 2000, allowPrivate: false });
    try {
      for (const url of [`${base}/ok`, 'http://localhost:9/ok', 'http://10.0.0.1/ok', 'http://[::1]:9/ok']) {
        const outcome = await strict.post(url, '{}', {});
        expect(outcome.kind, url).toBe('fault');
        expect(outcome.kind === 'fault' && outcome.error, url).toMatch(/^private_address/);
      }
    } finally {
      await strict.close();
    }
    const open = createWebhookClient({ timeoutMs: 2000, allowPrivate: true });
    try {
      expect(await open.post(`${base}/ok`, '{}', {})).toEqual({ kind: 'answer', status: 204 });
    } finally {
      await open.close();
    }
  });

  it('cuts off a receiver that never answers, and does not follow redirects', async () => {
    const client = createWebhookClient({ timeoutMs: 200, allowPrivate: true });
    try {
      const hung = await client.post(`${base}/hang`, '{}', {});
      expect(hung.kind === 'fault' && hung.error).toMatch(/^timeout/);
      expect(await client.post(`${base}/redirect`, '{}', {})).toEqual({ kind: 'answer', status: 302 });
    } finally {
      await client.close();
    }
  });
});

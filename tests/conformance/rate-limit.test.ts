// The kit on a gateway that answers 429: it waits Retry-After, sends the request again (same body and
// Idempotency-Key), and says so in the scenario's notes and the reports.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Kit, retryAfterSeconds } from '../../src/conformance/kit.ts';
import { htmlReport } from '../../src/conformance/report/html.ts';
import { junitXml } from '../../src/conformance/report/junit.ts';
import { runScenarios } from '../../src/conformance/run.ts';

let server: Server;
let url: string;
const seen: Array<{ method: string; key: string | undefined; body: string }> = [];

beforeAll(async () => {
  // Every other request is limited: the first answer of each pair is 429 with Retry-After: 1.
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', key: req.headers['idempotency-key'] as string | undefined, body });
      if (seen.length % 2 === 1) {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' });
        res.end(JSON.stringify({ code: 'RATE_LIMITED' }));
        return;
      }
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'e1', status: 'accepted' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('waits out a 429 for its Retry-After, sends the same request again, and notes it in the reports', async () => {
  const kit = new Kit({ gateway: url, key: 'rtg_x', mock: url, timeoutMs: 1000 });
  const results = await runScenarios(
    [
      {
        group: 'g',
        name: 'posts once',
        async run(k) {
          const answer = await k.postEvent({ eventId: 'A' }, { idempotencyKey: 'k-1' });
          return { passed: answer.status === 202, why: String(answer.status) };
        },
      },
    ],
    kit,
  );
  expect(results[0]).toMatchObject({ passed: true, why: '202', notes: ['429 RATE_LIMITED on POST /v1/events: waited 1 s (Retry-After) and sent it again'] });
  expect(seen).toEqual([
    { method: 'POST', key: 'k-1', body: '{"eventId":"A"}' },
    { method: 'POST', key: 'k-1', body: '{"eventId":"A"}' },
  ]);
  expect(kit.rateLimitWaits).toBe(1);
  expect(htmlReport(results, { title: 't', target: 'x', startedAt: new Date(0) })).toContain('429 RATE_LIMITED on POST /v1/events: waited 1 s');
  expect(junitXml(results)).toContain('waited 1 s (Retry-After)');
});

it('reads Retry-After as seconds or an HTTP date, within bounds', () => {
  expect(retryAfterSeconds('3')).toBe(3);
  expect(retryAfterSeconds(null)).toBe(1);
  expect(retryAfterSeconds('soon')).toBe(1);
  expect(retryAfterSeconds('100000')).toBe(60);
  expect(retryAfterSeconds(new Date(10_500).toUTCString(), 8_000)).toBe(2);
});

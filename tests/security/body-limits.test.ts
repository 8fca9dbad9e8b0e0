// Every route reads its body under a limit, after authentication where it can, and never whole into
// memory: a body that would be 256 MiB is refused with 413 after a few of its bytes; the server then
// discards what is still coming for a short while (so the client sees the answer) and closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.ts';
import { streamHuge } from './raw-http.ts';

const OPERATOR = 'rtgop_body_limit_test_operator_0000';
const HUGE = 256 * 1024 * 1024;
// The discarding after the answer stops at 64 MiB or 500 ms (@hono/node-server); far below HUGE.
const READ_AT_MOST = 96 * 1024 * 1024;

describe('body limits at the door', () => {
  let gw: TestGateway;
  let host: string;
  beforeAll(async () => {
    gw = await startTestGateway({ WORKER_ENABLED: 'false', DEMO_OPERATOR_TOKEN: OPERATOR });
    host = new URL(gw.url).host;
  });
  afterAll(async () => gw.stop());

  const head = (method: string, path: string, headers: Record<string, string>) =>
    `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const json = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra });

  const routes: Array<[string, string]> = [
    ['POST', '/v1/events/search'],
    ['POST', '/v1/events/01900000-0000-7000-8000-000000000000/retry'],
    ['POST', '/v1/events/01900000-0000-7000-8000-000000000000/cancel'],
    ['POST', '/v1/events/01900000-0000-7000-8000-000000000000/reveal'],
    ['POST', '/v1/replays'],
  ];

  it.each(routes)('%s %s: a chunked body without end is cut off with 413 and the rest not read', async (method, path) => {
    const answer = await streamHuge(gw.url, head(method, path, json(OPERATOR, { 'transfer-encoding': 'chunked' })), HUGE, '{');
    expect(answer.status, answer.head).toBe(413);
    expect(answer.body).toContain('"code":"BODY_TOO_LARGE"');
    expect(answer.closedByServer).toBe(true);
    expect(answer.bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it.each(routes)('%s %s: a declared Content-Length over the limit is refused before reading', async (method, path) => {
    const answer = await streamHuge(gw.url, head(method, path, json(OPERATOR, { 'content-length': String(HUGE) })), HUGE);
    expect(answer.status).toBe(413);
    expect(answer.closedByServer).toBe(true);
    expect(answer.bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it.each(routes)('%s %s: without a valid token the body is not read (401)', async (method, path) => {
    const answer = await streamHuge(gw.url, head(method, path, json('rtg_no_such_key_000000000', { 'transfer-encoding': 'chunked' })), HUGE);
    expect(answer.status).toBe(401);
    expect(answer.closedByServer).toBe(true);
    expect(answer.bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it('POST /v1/events: an endless body is cut off at BODY_LIMIT', async () => {
    const answer = await streamHuge(gw.url, head('POST', '/v1/events', json(TEST_API_KEY, { 'transfer-encoding': 'chunked', 'idempotency-key': 'huge-1' })), HUGE);
    expect(answer.status).toBe(413);
    expect(answer.closedByServer).toBe(true);
    expect(answer.bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it('POST /ui/login (no one signed in yet): a small limit, read as a stream, then 413 and closed', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: gw.url, 'transfer-encoding': 'chunked' };
    const answer = await streamHuge(gw.url, head('POST', '/ui/login', form), HUGE, 's');
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('BODY_TOO_LARGE'); // the console's error page names the code
    expect(answer.closedByServer).toBe(true);
    expect(answer.bytesSent).toBeLessThan(READ_AT_MOST);
    const declared = await streamHuge(gw.url, head('POST', '/ui/login', { ...form, 'transfer-encoding': '', 'content-length': String(HUGE) }).replace('transfer-encoding: \r\n', ''), HUGE, 's');
    expect(declared.status).toBe(413);
  });

  it('still takes ordinary bodies on those routes', async () => {
    const search = await fetch(`${gw.url}/v1/events/search`, { method: 'POST', headers: json(OPERATOR), body: JSON.stringify({ status: 'failed' }) });
    expect(search.status).toBe(200);
    const login = await fetch(`${gw.url}/ui/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: gw.url }, body: `secret=${OPERATOR}` });
    expect(login.status).toBe(303);
  });
});

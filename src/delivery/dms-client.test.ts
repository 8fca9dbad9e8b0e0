// The DMS client over real loopback sockets: what it sends, the answer it reads back (status, body,
// Retry-After), the cap on an answer's size, and each transport failure as a classified value.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDmsClient, parseRetryAfter, type DmsClient } from './dms-client.ts';

let server: Server | null = null;
let client: DmsClient | null = null;
const sockets = new Set<Socket>();

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/dms`;
}

const newClient = (over: Partial<Parameters<typeof createDmsClient>[0]> = {}) =>
  (client = createDmsClient({ connectTimeoutMs: 2000, responseTimeoutMs: 2000, connections: 2, ...over }));

afterEach(async () => {
  await client?.close();
  client = null;
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('the DMS client', () => {
  it('posts the SOAP message as text/xml with an empty SOAPAction, and reads back status, body and Retry-After', async () => {
    let seen: { method?: string; url?: string; type?: string; action?: string; body?: string } = {};
    const url = await serve((req, res, body) => {
      seen = { method: req.method, url: req.url, type: req.headers['content-type'], action: req.headers.soapaction as string, body };
      res.writeHead(503, { 'retry-after': '7', 'content-type': 'text/xml' }).end('<Відповідь/>');
    });
    const outcome = await newClient().send(url, '<Запит/>');
    expect(seen).toEqual({ method: 'POST', url: '/dms', type: 'text/xml; charset=utf-8', action: '""', body: '<Запит/>' });
    expect(outcome).toEqual({ kind: 'answer', status: 503, body: '<Відповідь/>', retryAfterMs: 7000 });
  });

  it('reads an answer up to its cap, and refuses a larger one as answer_too_large', async () => {
    const url = await serve((_req, res) => res.end('x'.repeat(100)));
    expect(await newClient({ maxAnswerBytes: 100 }).send(url, '<a/>')).toMatchObject({ kind: 'answer', status: 200, body: 'x'.repeat(100), retryAfterMs: null });
    await client!.close();
    expect(await newClient({ maxAnswerBytes: 99 }).send(url, '<a/>')).toMatchObject({ kind: 'transport_error', errorClass: 'answer_too_large', detail: 'answer larger than 99 bytes' });
  });

  it('classifies an answer that never comes as response_timeout', async () => {
    const url = await serve(() => undefined);
    const outcome = await newClient({ responseTimeoutMs: 200 }).send(url, '<a/>');
    expect(outcome).toMatchObject({ kind: 'transport_error', errorClass: 'response_timeout' });
  });

  it('classifies an answer that stops halfway as response_timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<Envelope>');
    });
    const outcome = await newClient({ responseTimeoutMs: 200 }).send(url, '<a/>');
    expect(outcome).toMatchObject({ kind: 'transport_error', errorClass: 'response_timeout', detail: expect.stringMatching(/^UND_ERR_BODY_TIMEOUT: /) });
  });

  it('reads answers up to 1 MiB unless told otherwise', async () => {
    let answers = 0;
    const url = await serve((_req, res) => res.end('x'.repeat(1024 * 1024 + (answers++ === 0 ? 0 : 1))));
    expect(await newClient().send(url, '<a/>')).toMatchObject({ kind: 'answer', status: 200 });
    expect(await client!.send(url, '<a/>')).toEqual({ kind: 'transport_error', errorClass: 'answer_too_large', detail: 'answer larger than 1048576 bytes' });
  });

  it('classifies a refused connection as connection_refused', async () => {
    const url = await serve(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const outcome = await newClient().send(url, '<a/>');
    expect(outcome).toMatchObject({ kind: 'transport_error', errorClass: 'connection_refused' });
    if (outcome.kind === 'transport_error') expect(outcome.detail).toMatch(/^ECONNREFUSED: /);
  });

  it('classifies a connection closed before the answer as connection_reset', async () => {
    const url = await serve((req) => req.socket.destroy());
    expect(await newClient().send(url, '<a/>')).toMatchObject({ kind: 'transport_error', errorClass: 'connection_reset' });
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-30T10:00:00Z');
  it('takes delta-seconds, or an HTTP date counted from now (never negative), and nothing else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['30', '60'], now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 10:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    // Neither delta-seconds nor a date: digits with anything but whitespace around them.
    expect(parseRetryAfter('5x', now)).toBeNull();
    expect(parseRetryAfter('x5', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

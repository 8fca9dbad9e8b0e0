import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { soapBodyLimit } from './body-limit.ts';

const MAX = 100;

function app() {
  const seen: number[] = [];
  const limit = soapBodyLimit({ maxSize: MAX, onError: (c) => c.text('too large', 413) });
  const hono = new Hono().post('/', limit, async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    seen.push(bytes.length);
    return c.text(`read ${bytes.length}`);
  });
  return { hono, seen };
}

const post = (hono: Hono, body: string, headers: Record<string, string> = {}) => hono.request('/', { method: 'POST', body, headers });

describe('soapBodyLimit', () => {
  it('refuses a declared Content-Length over the limit before the body is read', async () => {
    const { hono, seen } = app();
    const res = await post(hono, 'small', { 'content-length': String(MAX + 1) });
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('lets a declared Content-Length at the limit through, and the body is read whole', async () => {
    const { hono, seen } = app();
    const body = 'x'.repeat(MAX);
    const res = await post(hono, body, { 'content-length': String(MAX) });
    expect(await res.text()).toBe(`read ${MAX}`);
    expect(seen).toEqual([MAX]);
  });

  it('reads an empty Content-Length as 0, as hono bodyLimit does', async () => {
    const { hono } = app();
    expect((await post(hono, 'abc', { 'content-length': '' })).status).toBe(200);
  });

  it('counts the bytes of a body without Content-Length', async () => {
    const { hono, seen } = app();
    expect((await post(hono, 'x'.repeat(MAX + 1))).status).toBe(413);
    expect((await post(hono, 'x'.repeat(MAX))).status).toBe(200);
    expect(seen).toEqual([MAX]);
  });

  it('counts the bytes when Transfer-Encoding is present, whatever Content-Length says', async () => {
    const { hono } = app();
    expect((await post(hono, 'x'.repeat(MAX + 1), { 'content-length': '1', 'transfer-encoding': 'chunked' })).status).toBe(413);
    expect((await post(hono, 'abc', { 'content-length': String(MAX * 10), 'transfer-encoding': 'chunked' })).status).toBe(200);
  });
});

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../app-env.ts';
import { requestId } from './request-id.ts';

describe('requestId', () => {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.get('/text', (c) => c.text(c.get('requestId')));
  // Response.redirect's headers cannot be changed in place (the immutable guard)
  app.get('/redirect', () => Response.redirect('http://example.test/', 302));

  it('echoes a sane X-Request-Id, and makes one for a missing or unsafe one', async () => {
    const given = await app.request('/text', { headers: { 'x-request-id': 'vendor-42.a:b' } });
    expect(given.headers.get('x-request-id')).toBe('vendor-42.a:b');
    expect(await given.text()).toBe('vendor-42.a:b');
    for (const headers of [{}, { 'x-request-id': 'has space' }, { 'x-request-id': 'x'.repeat(65) }]) {
      const made = await app.request('/text', { headers });
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await made.text()).toBe(made.headers.get('x-request-id'));
    }
  });

  it('sets it on an answer whose headers cannot change, and keeps that answer', async () => {
    const res = await app.request('/redirect', { headers: { 'x-request-id': 'r-1' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://example.test/');
    expect(res.headers.get('x-request-id')).toBe('r-1');
  });
});

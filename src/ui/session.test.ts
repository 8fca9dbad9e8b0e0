import { describe, expect, it } from 'vitest';
import { consoleClient } from '../../tests/support/console/console-client.ts';

describe('console sign-in and session', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    const client = consoleClient();
    const res = await client.request('/ui/events');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui/login');
    const login = await client.get('/ui/login');
    expect(login.html).toContain('Токен оператора або ключ реєстру');
    expect(login.html).toMatch(/^<!doctype html><html lang="uk">/);
  });

  it('refuses an unknown secret and keeps no cookie', async () => {
    const client = consoleClient();
    const res = await client.signIn('tok-nobody');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('Такого токена оператора чи ключа реєстру немає');
  });

  it('keeps the session in an HttpOnly, SameSite=Strict cookie scoped to /ui, and signs out', async () => {
    const client = consoleClient();
    const res = await client.signIn('tok-operator');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/ui/);
    const dashboard = await client.get('/ui');
    expect(dashboard.res.status).toBe(200);
    expect(dashboard.html).toContain('operator-on-duty (оператор)');

    const out = await client.post('/ui/logout', {});
    expect(out.res.status).toBe(303);
    expect(out.res.headers.get('location')).toBe('/ui/login?out=1');
    expect((await client.request('/ui')).status).toBe(303);
  });

  it('marks the cookie Secure behind a TLS proxy', async () => {
    const client = consoleClient();
    const res = await client.request('/ui/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret: 'tok-viewer' }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('puts the CSRF token into every POST form and refuses a POST without it', async () => {
    const client = consoleClient();
    await client.signIn('tok-admin');
    const page = await client.get('/ui/events/evt-2');
    const forms = page.html.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThanOrEqual(4); // sign-out, retry, cancel, reveal
    for (const form of forms) expect(form).toMatch(/name="_csrf" value="[\w-]{43}"/);

    const forged = await client.post('/ui/events/evt-2/retry', { reason: 'x' }, { csrf: null });
    expect(forged.res.status).toBe(403);
    expect(forged.html).toContain('CSRF_TOKEN_INVALID');
    const wrong = await client.post('/ui/events/evt-2/retry', { reason: 'x' }, { csrf: 'A'.repeat(43) });
    expect(wrong.res.status).toBe(403);
    expect(client.ops.calls.some((c) => c.method === 'retry')).toBe(false);
  });

  it('gives each session its own CSRF token', async () => {
    const a = consoleClient();
    await a.signIn('tok-admin');
    const tokenA = /name="_csrf" value="([^"]+)"/.exec((await a.get('/ui')).html)?.[1];
    await a.post('/ui/logout', {});
    await a.signIn('tok-operator');
    const tokenB = /name="_csrf" value="([^"]+)"/.exec((await a.get('/ui')).html)?.[1];
    expect(tokenA).toBeTruthy();
    expect(tokenB).not.toBe(tokenA);
  });

  it('refuses a POST from another site even with a session', async () => {
    const client = consoleClient();
    await client.signIn('tok-admin');
    await client.get('/ui/events/evt-2');
    const res = await client.post('/ui/events/evt-2/retry', {}, { origin: 'https://evil.example' });
    expect(res.res.status).toBe(403);
    expect(res.html).toContain('ORIGIN_REFUSED');
  });

  it('sends headers that keep pages out of caches and frames', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { res } = await client.get('/ui');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('shows an unknown console page as a Ukrainian 404 page', async () => {
    const client = consoleClient();
    await client.signIn('tok-viewer');
    const { res, html } = await client.get('/ui/nowhere');
    expect(res.status).toBe(404);
    expect(html).toContain('Не знайдено');
    expect(html).toContain('NOT_FOUND');
  });
});

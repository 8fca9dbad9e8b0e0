// The console's webhooks pages over the real rules and a real store: a register creates an endpoint
// and sees its secret once, an operator sees every register's endpoints, their attempts, and the
// dashboard's notice of an endpoint disabled for failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHasher } from '../auth/api-keys.ts';
import { realConsoleClient } from '../../tests/support/console/console-client.ts';
import { createTestApp, TEST_API_KEY, TEST_OPERATOR_TOKEN, TEST_PEPPER, type TestApp } from '../../tests/support/http-app.ts';

const hasher = secretHasher(TEST_PEPPER);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const signedIn = async (secret: string) => {
  const browser = realConsoleClient({ ...t.store.access, hasher }, t.operations, undefined, t.webhooks);
  expect((await browser.signIn(secret)).status).toBe(303);
  return browser;
};

describe('the console’s webhooks pages', () => {
  it('a register subscribes an endpoint and is shown its secret once', async () => {
    const browser = await signedIn(TEST_API_KEY);
    expect((await browser.get('/ui/webhooks')).html).toContain('Нова кінцева точка');
    const created = await browser.post('/ui/webhooks', { url: 'https://register.example/console-hook', 'type_event.rejected': '1', description: '<script>x</script>' });
    expect(created.res.status).toBe(200);
    const secret = /data-secret>([^<]+)</.exec(created.html)?.[1];
    expect(secret).toMatch(/^whsec_/);
    const [endpoint] = (await t.store.webhooks.listEndpoints(null)).filter((e) => e.url === 'https://register.example/console-hook');
    expect(endpoint?.eventTypes).toEqual(['event.rejected']);
    const again = await browser.get(`/ui/webhooks/${endpoint!.id}`);
    expect(again.html).not.toContain(secret!);
    expect(again.html).toContain('https://register.example/console-hook');
    expect(again.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(again.html).not.toContain('<script>x');
    const refused = await browser.post('/ui/webhooks', { url: 'ftp://register.example/', 'type_event.rejected': '1' });
    expect(refused.res.status).toBe(422);
    expect(refused.html).toContain('WEBHOOK_URL_SCHEME');
  });

  it('an operator sees every register’s endpoints, attempts, and the dashboard notice of one disabled for failing', async () => {
    const [endpoint] = await t.store.webhooks.listEndpoints(null);
    const now = Date.now();
    await t.store.db.transaction((tx) => t.store.webhooks.enqueue(tx, { registerId: endpoint!.registerId, type: 'event.rejected', personKey: 'p', data: { eventId: 'e', status: 'rejected' } }, now));
    const [m] = await t.store.webhooks.claimDue('console', now, 60_000, 10, 10);
    await t.store.webhooks.recordAttempt(m!, 'console', { number: 1, startedAt: now, durationMs: 1234, outcome: 'failed', httpStatus: 502, error: 'http_502' }, { status: 'failed', error: 'http_502' }, now, 0);

    const browser = await signedIn(TEST_OPERATOR_TOKEN);
    const list = await browser.get('/ui/webhooks');
    expect(list.html).toContain(`data-endpoint-id="${endpoint!.id}"`);
    expect(list.html).toContain('довго не відповідає');
    const page = await browser.get(`/ui/webhooks/${endpoint!.id}`);
    expect(page.html).toContain('1234');
    expect(page.html).toContain('502');
    expect(page.html).toContain('Увімкнути');
    const dashboard = await browser.get('/ui');
    expect(dashboard.html).toContain(`data-disabled-endpoint="${endpoint!.id}"`);

    const enabled = await browser.post(`/ui/webhooks/${endpoint!.id}/enable`, {});
    expect(enabled.res.status).toBe(303);
    expect((await browser.get('/ui')).html).not.toContain('data-disabled-endpoint');
    const audit = (await t.store.audit.auditPage(null, 10)).map((e) => `${e.actor} ${e.action}`);
    expect(audit).toEqual(expect.arrayContaining(['system webhook_endpoint_auto_disable', expect.stringMatching(/^operator:.* webhook_endpoint_enable$/)]));
  });
});

// The console's Notices pages over a real store and the real NoticeOperations: the list and its
// filters (no names in it), the notice page masked, the unrouted count on the dashboard, routing an
// unrouted notice with the CSRF-protected form (operators only, audited), reveal, and a register
// acknowledging its own notice.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHasher } from '../auth/api-keys.ts';
import { realConsoleClient } from '../../tests/support/console/console-client.ts';
import { createTestApp, TEST_API_KEY, TEST_OPERATOR_TOKEN, TEST_PEPPER, type TestApp } from '../../tests/support/http-app.ts';
import { dmsNotice } from '../../tests/store/notices-suite.ts';
import { REPO } from '../../tests/support/xsd.ts';

const hasher = secretHasher(TEST_PEPPER);
const VIEWER = 'rtgop_test_token_for_a_console_viewer_00';
const BILA_TSERKVA_HROMADA = 'UA32020010000093088';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.store.access.createOperator({ id: 'op-console-viewer', name: 'console-viewer', role: 'viewer', createdAt: Date.now(), tokenHash: hasher.hash(VIEWER) });
  await t.store.territory.setTerritory((await t.store.territory.registerIdByCode('26376375')) as string, [BILA_TSERKVA_HROMADA]);
});
afterAll(() => t.close());

const signedIn = async (secret: string) => {
  const browser = realConsoleClient({ ...t.store.access, hasher }, t.operations, t.notices);
  expect((await browser.signIn(secret)).status).toBe(303);
  return browser;
};

describe('the Notices pages', () => {
  it('list notices with the unrouted filter and the menu link, never a name; the dashboard counts the unrouted', async () => {
    const routed = await t.store.notices.receive(dmsNotice());
    const unrouted = await t.store.notices.receive(dmsNotice({ katottg: null, kind: 'immigration_permit_cancelled' }));
    const browser = await signedIn(VIEWER);
    const all = await browser.get('/ui/notices');
    expect(all.res.status).toBe(200);
    expect(all.html).toContain('href="/ui/notices"');
    expect(all.html).toContain(`data-notice-id="${routed.id}"`);
    expect(all.html).not.toContain('Шевчук');
    const queue = await browser.get('/ui/notices?state=unrouted');
    expect(queue.html).toContain(`data-notice-id="${unrouted.id}"`);
    expect(queue.html).not.toContain(`data-notice-id="${routed.id}"`);
    const byKind = await browser.get('/ui/notices?kind=immigration_permit_cancelled');
    expect(byKind.html).toContain(`data-notice-id="${unrouted.id}"`);
    expect(byKind.html).not.toContain(`data-notice-id="${routed.id}"`);
    const dashboard = await browser.get('/ui');
    const count = /id="unrouted-notices"><a href="\/ui\/notices\?state=unrouted"><strong>(\d+)<\/strong>/.exec(dashboard.html)?.[1];
    expect(Number(count)).toBe(await t.store.notices.countUnrouted());
  });

  it('shows a notice masked, with its routing and the signed message; revealing needs the operator role and is audited', async () => {
    const { id } = await t.store.notices.receive(dmsNotice());
    const viewer = await signedIn(VIEWER);
    const page = await viewer.get(`/ui/notices/${id}`);
    expect(page.html).toContain('26376375');
    expect(page.html).toContain('data-masked="true"');
    expect(page.html).not.toContain('Шевчук');
    expect(page.html).not.toContain(`/ui/notices/${id}/reveal`);
    expect((await viewer.post(`/ui/notices/${id}/reveal`, { reason: 'Перевірка' })).res.status).toBe(403);

    const admin = await signedIn(TEST_OPERATOR_TOKEN);
    await admin.get(`/ui/notices/${id}`);
    const revealed = await admin.post(`/ui/notices/${id}/reveal`, { reason: 'Звернення реєстру' });
    expect(revealed.res.status).toBe(200);
    expect(revealed.html).toContain('Шевчук');
    expect((await t.store.audit.auditPage(null, 20)).some((a) => a.action === 'notice.reveal' && a.reason === 'Звернення реєстру')).toBe(true);
  });

  it('shows a notice purged after retention without the person or the message, and offers no reveal', async () => {
    const { id } = await t.store.notices.receive(dmsNotice());
    const demo = (await t.store.territory.registerIdByCode('26376375')) as string;
    await t.store.notices.acknowledge(demo, id, Date.now());
    const now = Date.now();
    await t.store.retention.purgePersonalData(now + 1, now + 2);
    const admin = await signedIn(TEST_OPERATOR_TOKEN);
    const page = await admin.get(`/ui/notices/${id}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('персональні дані видалено після строку зберігання');
    expect(page.html).toContain('id="purged"');
    expect(page.html).not.toContain('Шевчук');
    expect(page.html).not.toContain(`/ui/notices/${id}/reveal`);
  });

  it('routes an unrouted notice with the form: operators only, with the CSRF token; the register then sees it', async () => {
    const { id } = await t.store.notices.receive(dmsNotice({ katottg: null }));
    const viewer = await signedIn(VIEWER);
    await viewer.get(`/ui/notices/${id}`);
    const refused = await viewer.post(`/ui/notices/${id}/route`, { registerCode: '26376375', reason: 'Адреса в громаді' });
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain('FORBIDDEN');

    const admin = await signedIn(TEST_OPERATOR_TOKEN);
    const page = await admin.get(`/ui/notices/${id}`);
    expect(page.html).toContain(`action="/ui/notices/${id}/route"`);
    expect((await admin.post(`/ui/notices/${id}/route`, { registerCode: '26376375', reason: 'x' }, { csrf: null })).res.status).toBe(403);
    const routed = await admin.post(`/ui/notices/${id}/route`, { registerCode: '26376375', reason: 'Адреса в громаді' });
    expect(routed.res.status).toBe(303);
    expect(routed.res.headers.get('location')).toBe(`/ui/notices/${id}?done=routed`);
    expect((await t.store.notices.get(id))?.routes.map((r) => r.registerCode)).toEqual(['26376375']);

    const register = await signedIn(TEST_API_KEY);
    expect((await register.get('/ui/notices')).html).toContain(`data-notice-id="${id}"`);
  });

  it('lets a register acknowledge its own notice, and shows it no other register\'s', async () => {
    const mine = await t.store.notices.receive(dmsNotice());
    const notMine = await t.store.notices.receive(dmsNotice({ katottg: 'UA80000000000093317' }));
    const register = await signedIn(TEST_API_KEY);
    const page = await register.get(`/ui/notices/${mine.id}`);
    expect(page.html).toContain(`action="/ui/notices/${mine.id}/ack"`);
    expect(page.html).not.toContain('/route"');
    const acked = await register.post(`/ui/notices/${mine.id}/ack`, {});
    expect(acked.res.status).toBe(303);
    expect((await t.store.notices.get(mine.id))?.routes[0]?.acknowledgedAt).not.toBeNull();
    expect((await register.get(`/ui/notices/${notMine.id}`)).res.status).toBe(404);
    expect((await register.get('/ui/notices')).html).not.toContain(`data-notice-id="${notMine.id}"`);
  });

  it('links both ways: the event page names the notice its deregistration cites, the notice page lists the event', async () => {
    const notice = dmsNotice();
    const { id: noticeGatewayId } = await t.store.notices.receive(notice);
    const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-deregistered.dms-death-notice.json'), 'utf8')) as { deregistration: object };
    const res = await t.post({ ...example, eventId: 'CONSOLE-NOTICE-1', deregistration: { ...example.deregistration, noticeId: notice.noticeId } });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const admin = await signedIn(TEST_OPERATOR_TOKEN);
    expect((await admin.get(`/ui/events/${id}`)).html).toContain(notice.noticeId);
    expect((await admin.get(`/ui/notices/${noticeGatewayId}`)).html).toContain(`href="/ui/events/${id}"`);
  });
});

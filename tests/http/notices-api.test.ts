// /v1/notices over a real store: a register reads only its own notices (another's is 404, like an
// unknown one), pages them with a cursor, acknowledges them idempotently; operators read them masked
// and route an unrouted one (audited); a deregistration may name a notice routed to its register
// (NOTICE_UNKNOWN otherwise), shown back in GET /v1/events/{id}.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHasher } from '../../src/auth/api-keys.ts';
import { MASK } from '../../src/operations/mask-xml.ts';
import { createTestApp, expectProblem, TEST_API_KEY, TEST_OPERATOR_TOKEN, TEST_PEPPER, type TestApp } from '../support/http-app.ts';
import { REPO } from '../support/xsd.ts';
import { dmsNotice } from '../store/notices-suite.ts';

const BILA_TSERKVA_HROMADA = 'UA32020010000093088';
const KYIV_CITY = 'UA80000000000093317';
const OTHER_KEY = 'rtg_test_key_of_the_kyiv_city_register_0000';
const VIEWER = 'rtgop_test_token_for_a_notices_viewer_000';

const deathNoticeEvent = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-deregistered.dms-death-notice.json'), 'utf8')) as Record<string, unknown> & {
  deregistration: Record<string, unknown>;
};

interface Item {
  id: string;
  noticeId: string;
  kind: string;
  person: { lastName: string; unzr: string | null };
  acknowledgedAt: string | null;
  routes?: Array<{ registerCode: string; routedBy: string | null }>;
}
interface ListBody {
  items: Item[];
  nextCursor: string | null;
}

let t: TestApp;
let demoId: string;
beforeAll(async () => {
  t = await createTestApp();
  const hasher = secretHasher(TEST_PEPPER);
  demoId = (await t.store.territory.registerIdByCode('26376375')) as string;
  await t.store.access.createRegister({ id: 'reg-kyiv', code: '44556677', name: 'Київ', createdAt: Date.now(), apiKeyHash: hasher.hash(OTHER_KEY) });
  await t.store.access.createOperator({ id: 'op-notices-viewer', name: 'notices-viewer', role: 'viewer', createdAt: Date.now(), tokenHash: hasher.hash(VIEWER) });
  await t.store.territory.setTerritory(demoId, [BILA_TSERKVA_HROMADA]);
  await t.store.territory.setTerritory('reg-kyiv', [KYIV_CITY]);
});
afterAll(() => t.close());

const send = (method: string, pathname: string, key: string, body?: unknown) =>
  t.app.request(pathname, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const list = async (query: string, key?: string) => (await (await t.get(`/v1/notices${query}`, key)).json()) as ListBody;

describe('a register', () => {
  it('reads only the notices routed to it; another register\'s is 404 like an unknown one', async () => {
    const mine = await t.store.notices.receive(dmsNotice());
    const theirs = await t.store.notices.receive(dmsNotice({ katottg: KYIV_CITY }));
    const own = await list('?limit=200');
    expect(own.items.map((i) => i.id)).toContain(mine.id);
    expect(own.items.map((i) => i.id)).not.toContain(theirs.id);
    const one = (await (await t.get(`/v1/notices/${mine.id}`)).json()) as Record<string, unknown>;
    expect(Object.keys(one).sort()).toEqual(['acknowledgedAt', 'document', 'id', 'issuedAt', 'katottg', 'kind', 'noticeId', 'occurredOn', 'person', 'purgedAt', 'receivedAt', 'routedAt'].sort());
    expect(one).toMatchObject({ kind: 'person_died', person: { lastName: 'Шевчук' }, acknowledgedAt: null });
    await expectProblem(await t.get(`/v1/notices/${theirs.id}`), 404, 'NOT_FOUND');
    await expectProblem(await send('POST', `/v1/notices/${theirs.id}/ack`, TEST_API_KEY), 404, 'NOT_FOUND');
    await expectProblem(await t.get('/v1/notices/no-such-notice'), 404, 'NOT_FOUND');
    const others = (await list('?limit=200', OTHER_KEY)).items.map((i) => i.id);
    expect(others).toContain(theirs.id);
    expect(others).not.toContain(mine.id);
  });

  it('pages with a cursor, and refuses a damaged cursor or a bad parameter with a problem', async () => {
    for (let i = 0; i < 3; i++) await t.store.notices.receive(dmsNotice({ katottg: KYIV_CITY }));
    const first = await list('?limit=2', OTHER_KEY);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const rest = await list(`?limit=200&cursor=${first.nextCursor}`, OTHER_KEY);
    const all = await list('?limit=200', OTHER_KEY);
    expect([...first.items, ...rest.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    await expectProblem(await t.get('/v1/notices?cursor=not-a-cursor', OTHER_KEY), 400, 'CURSOR_INVALID');
    await expectProblem(await t.get('/v1/notices?limit=0', OTHER_KEY), 400, 'QUERY_INVALID');
    await expectProblem(await t.get('/v1/notices?acknowledged=maybe', OTHER_KEY), 400, 'QUERY_INVALID');
    await expectProblem(await t.get('/v1/notices?kind=person_married'), 400, 'QUERY_INVALID');
  });

  it('acknowledges its own notice once: a repeat answers the same time; another register\'s is 404', async () => {
    const { id } = await t.store.notices.receive(dmsNotice());
    const first = (await (await send('POST', `/v1/notices/${id}/ack`, TEST_API_KEY)).json()) as Item;
    expect(first.acknowledgedAt).toBeTruthy();
    const again = await send('POST', `/v1/notices/${id}/ack`, TEST_API_KEY);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Item).acknowledgedAt).toBe(first.acknowledgedAt);
    expect((await list('?acknowledged=false&limit=200')).items.map((i) => i.id)).not.toContain(id);
    expect((await list('?acknowledged=true&limit=200')).items.map((i) => i.id)).toContain(id);
    await expectProblem(await send('POST', `/v1/notices/${id}/ack`, OTHER_KEY), 404, 'NOT_FOUND');
  });

  it('reads an acknowledged notice after retention without its person, permit or message', async () => {
    const { id } = await t.store.notices.receive(dmsNotice());
    await send('POST', `/v1/notices/${id}/ack`, TEST_API_KEY);
    const now = Date.now();
    expect((await t.store.retention.purgePersonalData(now + 1, now + 2)).notices).toBeGreaterThanOrEqual(1);
    const one = (await (await t.get(`/v1/notices/${id}`)).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ id, kind: 'person_died', person: null, document: null, purgedAt: new Date(now + 2).toISOString() });
    expect(JSON.stringify(one)).not.toContain('Шевчук');
    const revealed = await send('POST', `/v1/notices/${id}/reveal`, TEST_OPERATOR_TOKEN, { reason: 'перевірка після строку зберігання' });
    expect(revealed.status).toBe(200);
    const details = (await revealed.json()) as Record<string, unknown>;
    expect(details).toMatchObject({ person: null, message: null, masked: false });
    expect(JSON.stringify(details)).not.toContain('Шевчук');
  });
});

describe('operators', () => {
  it('read every notice with the person masked, and may not acknowledge one', async () => {
    const { id } = await t.store.notices.receive(dmsNotice());
    const all = await list('?limit=200', VIEWER);
    const item = all.items.find((i) => i.id === id);
    expect(item?.person.lastName).toBe(MASK);
    expect(item?.person.unzr).toBe(MASK);
    expect(item?.routes?.map((r) => r.registerCode)).toEqual(['26376375']);
    const one = (await (await t.get(`/v1/notices/${id}`, VIEWER)).json()) as { message: string; masked: boolean; evidence: unknown };
    expect(one.masked).toBe(true);
    expect(one.message).not.toContain('Шевчук');
    expect(one.evidence).toMatchObject({ entryId: expect.any(Number) });
    await expectProblem(await send('POST', `/v1/notices/${id}/ack`, TEST_OPERATOR_TOKEN), 403, 'REGISTER_KEY_REQUIRED');
    await expectProblem(await send('POST', `/v1/notices/${id}/reveal`, VIEWER, { reason: 'Перевірка' }), 403, 'FORBIDDEN');
    const revealed = (await (await send('POST', `/v1/notices/${id}/reveal`, TEST_OPERATOR_TOKEN, { reason: 'Перевірка' })).json()) as { person: { lastName: string } };
    expect(revealed.person.lastName).toBe('Шевчук');
  });

  it('see the unrouted queue and route a notice from it to a register (operator role, reason, audited)', async () => {
    const { id } = await t.store.notices.receive(dmsNotice({ katottg: null }));
    expect((await list('?unrouted=true&limit=200', VIEWER)).items.map((i) => i.id)).toContain(id);
    await expectProblem(await send('POST', `/v1/notices/${id}/route`, VIEWER, { registerCode: '44556677', reason: 'Адреса в Києві' }), 403, 'FORBIDDEN');
    await expectProblem(await send('POST', `/v1/notices/${id}/route`, TEST_OPERATOR_TOKEN, { registerCode: '44556677' }), 422, 'REASON_REQUIRED');
    await expectProblem(await send('POST', `/v1/notices/${id}/route`, TEST_OPERATOR_TOKEN, { registerCode: '99999999', reason: 'x' }), 422, 'REGISTER_UNKNOWN');
    await expectProblem(await send('POST', `/v1/notices/${id}/route`, OTHER_KEY, { registerCode: '44556677', reason: 'x' }), 403, 'FORBIDDEN');
    const routed = await send('POST', `/v1/notices/${id}/route`, TEST_OPERATOR_TOKEN, { registerCode: '44556677', reason: 'Адреса в Києві' });
    expect(routed.status).toBe(200);
    expect(((await routed.json()) as Item).routes).toEqual([expect.objectContaining({ registerCode: '44556677', routedBy: expect.stringContaining('operator:') })]);
    await expectProblem(await send('POST', `/v1/notices/${id}/route`, TEST_OPERATOR_TOKEN, { registerCode: '44556677', reason: 'again' }), 409, 'NOTICE_ALREADY_ROUTED');
    expect((await list('?unrouted=true&limit=200', VIEWER)).items.map((i) => i.id)).not.toContain(id);
    expect((await list('?limit=200', OTHER_KEY)).items.map((i) => i.id)).toContain(id);
    const audit = (await (await t.get('/v1/audit', VIEWER)).json()) as { items: Array<{ action: string; reason: string }> };
    expect(audit.items).toContainEqual(expect.objectContaining({ action: 'notice.route', reason: 'Адреса в Києві' }));
  });

  it('never reach a sandbox twin: its stored code is no register to route to, and a territory it holds routes nothing', async () => {
    const hasher = secretHasher(TEST_PEPPER);
    await t.store.access.createSandboxRegister('44556677', { id: 'reg-kyiv-test', apiKeyHash: hasher.hash('rtg_test_sandbox_key_of_kyiv_000000000000'), createdAt: Date.now() });
    const { id } = await t.store.notices.receive(dmsNotice({ katottg: null }));
    await expectProblem(await send('POST', `/v1/notices/${id}/route`, TEST_OPERATOR_TOKEN, { registerCode: 'test:44556677', reason: 'x' }), 422, 'REGISTER_UNKNOWN');
    await t.store.territory.setTerritory('reg-kyiv-test', [KYIV_CITY]);
    const routed = await t.store.notices.receive(dmsNotice({ katottg: KYIV_CITY }));
    expect(routed).toMatchObject({ stored: true, routedTo: ['44556677'] });
    expect((await list('?limit=200', 'rtg_test_sandbox_key_of_kyiv_000000000000')).items).toEqual([]);
  });
});

describe('a deregistration naming a notice', () => {
  it('is accepted when the notice was routed to the register, and shows it back', async () => {
    const notice = dmsNotice();
    await t.store.notices.receive(notice);
    const res = await t.post({ ...deathNoticeEvent, eventId: 'NOTICE-DEREG-1', deregistration: { ...deathNoticeEvent.deregistration, noticeId: notice.noticeId } });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(((await (await t.get(`/v1/events/${id}`)).json()) as { noticeId?: string }).noticeId).toBe(notice.noticeId);
    const noticeRow = (await t.store.notices.list({}, null, 200)).find((n) => n.noticeId === notice.noticeId);
    expect((await t.store.notices.get(noticeRow!.id))?.events).toEqual([{ id, registerId: demoId }]);
  });

  it('is refused with NOTICE_UNKNOWN when the notice is unknown or another register\'s, and nothing is stored', async () => {
    const theirs = dmsNotice({ katottg: KYIV_CITY });
    await t.store.notices.receive(theirs);
    for (const [n, noticeId] of [['2', 'DMS-NEVER-SENT'], ['3', theirs.noticeId]] as const) {
      const refused = await expectProblem(await t.post({ ...deathNoticeEvent, eventId: `NOTICE-DEREG-${n}`, deregistration: { ...deathNoticeEvent.deregistration, noticeId } }), 422, 'NOTICE_UNKNOWN');
      expect(refused.pointer).toBe('/deregistration/noticeId');
      expect((await t.post({ ...deathNoticeEvent, eventId: `NOTICE-DEREG-${n}` })).status).toBe(202);
    }
  });
});

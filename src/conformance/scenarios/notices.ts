// Notices from DMS: the kit has the mock DMS emit a notice addressed where the register serves
// (--katottg), reads it with GET /v1/notices, acknowledges it, sees it gone from acknowledged=false,
// and posts a deregistration naming it (deregistration.noticeId). A test key gets no notices (they
// are live), and without --katottg the kit cannot address one to the register: both are skips.
import { adapt, newPerson, readText, type EventJson, type Person } from '../contract-events.ts';
import { DELIVERED, FINAL, type Kit } from '../kit.ts';
import { check, skip, Verdict, type ScenarioSource } from '../scenario.ts';

interface NoticeItem {
  id: string;
  noticeId: string;
  kind: string;
  acknowledgedAt: string | null;
}

const GROUP = 'notices from DMS';

/**
 * Every unacknowledged notice of the register (all pages). The report gets the pages' notice ids
 * only: other notices of the register may be about real people.
 */
async function unacknowledged(kit: Kit): Promise<NoticeItem[]> {
  const items: NoticeItem[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(`/v1/notices?acknowledged=false&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, kit.options.gateway).href;
    const res = await kit.send(url, { headers: { authorization: `Bearer ${kit.options.key}` } });
    const page = (await res.json()) as { items?: NoticeItem[]; nextCursor?: string | null; code?: string };
    const shown = res.ok ? { items: (page.items ?? []).map((i) => ({ id: i.id, noticeId: i.noticeId, kind: i.kind })), nextCursor: page.nextCursor ?? null, note: 'notice ids only: persons left out of the report' } : page;
    kit.exchanges.push({ request: { method: 'GET', url, headers: { authorization: 'Bearer •••' }, body: null }, answer: { status: res.status, headers: {}, body: JSON.stringify(shown) } });
    check(res.status === 200, `GET /v1/notices got ${res.status} ${String(page.code ?? '')}`);
    items.push(...(page.items ?? []));
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return items;
}

function needNotices(kit: Kit): string {
  if (kit.sandbox) skip('a test key gets no notices from DMS (notices are live): run the kit with the live key for this group');
  const katottg = kit.options.katottg;
  if (!katottg) skip('give --katottg CODE, the КАТОТТГ code of an address your register serves: the register gets the notices addressed to its territory (a register without territory gets none)');
  return katottg;
}

export const noticeScenarios: ScenarioSource = (run) => {
  const person: Person = newPerson();
  let noticeId: string | null = null;
  return [
    {
      group: GROUP,
      name: 'a notice DMS emits for the register’s territory is listed, acknowledged, and gone from acknowledged=false',
      async run(kit) {
        const katottg = needNotices(kit);
        const unreachable = await kit.mockUnreachable();
        if (unreachable) skip(`${unreachable}: the kit has the mock emit the notice`);
        const emitted = await kit.emitNotice({ kind: 'person_died', person: { unzr: person.unzr, lastName: 'Кітова', firstName: 'Олена', birthDate: person.birthDate }, katottg, occurredOn: '2026-11-19' });
        if (emitted.status === 404) skip('this mock DMS makes no notices (POST /__admin/notices is 404)');
        check(emitted.status === 202, `the mock refused the notice: ${emitted.status} ${emitted.text}`);
        const id = String(emitted.json.noticeId);
        const deadline = Date.now() + kit.outcomeTimeoutMs;
        let item: NoticeItem | undefined;
        for (;;) {
          item = (await unacknowledged(kit)).find((i) => i.noticeId === id);
          if (item || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 250));
        }
        if (!item) {
          const atMock = await kit.outboxItem({ id });
          const seconds = kit.outcomeTimeoutMs / 1000;
          if (!atMock || atMock.state === 'pending') {
            skip(`the mock could not hand the notice to the gateway within ${seconds} s${atMock ? ` (${atMock.attempts} attempt(s)${atMock.lastError ? `, ${atMock.lastError}` : ''})` : ''}: notices need the mock's DMS key and the gateway's DMS channel (MOCK_DMS_CALLBACK_URL, DMS_CA_FILE)`);
          }
          throw new Verdict(`the mock's notice is ${atMock.state}, but GET /v1/notices?acknowledged=false does not list it after ${seconds} s: does the register's territory cover ${katottg}?`);
        }
        check(item.kind === 'person_died', `the notice is listed as ${item.kind}, emitted as person_died`);
        const ack = await kit.call('POST', `/v1/notices/${encodeURIComponent(item.id)}/ack`);
        check(ack.status === 200 && typeof ack.json.acknowledgedAt === 'string', `the acknowledgement got ${ack.status} ${ack.text}`);
        const again = await kit.call('POST', `/v1/notices/${encodeURIComponent(item.id)}/ack`);
        check(again.status === 200 && again.json.acknowledgedAt === ack.json.acknowledgedAt, `a repeated acknowledgement got ${again.status}, acknowledgedAt ${String(again.json.acknowledgedAt)} (the first: ${String(ack.json.acknowledgedAt)})`);
        check(!(await unacknowledged(kit)).some((i) => i.noticeId === id), 'the acknowledged notice is still listed under acknowledged=false');
        noticeId = id;
        return { passed: true, why: `notice ${id} listed, acknowledged at ${String(ack.json.acknowledgedAt)} (a repeat answers the same), gone from acknowledged=false` };
      },
    },
    {
      group: GROUP,
      name: 'a deregistration naming the notice (deregistration.noticeId) is accepted; an unknown noticeId is 422 NOTICE_UNKNOWN',
      async run(kit) {
        const katottg = needNotices(kit);
        if (!noticeId) skip('the notice scenario before it did not get a notice to name');
        const event = adapt(run, readText(new URL('examples/', run.contractDir), 'residence-deregistered.dms-death-notice.json')) as EventJson;
        const data: Record<string, unknown> = { ...event.person, unzr: person.unzr, birthDate: person.birthDate };
        delete data.rnokpp;
        const deregistration = event.deregistration as Record<string, unknown>;
        const body = { ...event, eventId: `KIT-notice.${run.tag}`, person: data, address: { ...(event.address as Record<string, unknown>), katottg }, deregistration: { ...deregistration, noticeId } };
        const unknown = await kit.postEvent({ ...body, eventId: `KIT-notice-unknown.${run.tag}`, deregistration: { ...deregistration, noticeId: `kit-unknown-${run.tag}` } });
        check(unknown.status === 422 && unknown.json.code === 'NOTICE_UNKNOWN', `an unknown noticeId got ${unknown.status} ${String(unknown.json.code ?? '')}, expected 422 NOTICE_UNKNOWN`);
        const posted = await kit.postEvent(body);
        check(posted.status === 202, `the deregistration got ${posted.status} ${String(posted.json.code ?? '')}`);
        const view = await kit.waitFor(String(posted.json.id), FINAL);
        check(DELIVERED.includes(view.status), `expected delivered, the event is ${view.status}`);
        check((view as { noticeId?: string }).noticeId === noticeId, `GET /v1/events/{id} shows noticeId ${String((view as { noticeId?: string }).noticeId)}`);
        return { passed: true, why: `accepted and ${view.status}, naming notice ${noticeId}; an unknown one is 422 NOTICE_UNKNOWN` };
      },
    },
  ];
};

// The notices aggregate on every database: exactly once by DMS's notice id (also two instances at
// once), routed by declared territory in the same transaction, the unrouted queue, acknowledgement
// per register, an operator's route (audited), and the reception in the evidence log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEvidenceLog } from '../../src/evidence/verify-log.ts';
import { sha256Hex } from '../../src/evidence/chain.ts';
import type { DmsNotice, NoticeSink } from '../../src/notices/notice.ts';
import type { Store } from '../../src/store/open-store.ts';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const BILA_TSERKVA_HROMADA = 'UA32020010000093088';
const IN_BILA_TSERKVA = 'UA32020010010081183';
const KYIV_OBLAST = 'UA32000000000030281';
const KYIV_CITY = 'UA80000000000093317';

let made = 0;
export function dmsNotice(over: Partial<DmsNotice> = {}): DmsNotice {
  made += 1;
  const noticeId = over.noticeId ?? `DMS-N-${Date.now()}-${made}`;
  return {
    noticeId,
    kind: 'person_died',
    person: { unzr: '19550212-01110', rnokpp: '2013160491', lastName: 'Шевчук', firstName: 'Петро', patronymic: 'Максимович', birthDate: '1955-02-12' },
    katottg: IN_BILA_TSERKVA,
    occurredOn: '2026-10-27',
    document: null,
    issuedAt: '2026-10-28T09:00:00+02:00',
    messageXml: `<Envelope><Body><Notice><noticeId>${noticeId}</noticeId><lastName>Шевчук</lastName></Notice></Body></Envelope>`,
    signer: 'CN=DMS dev',
    ...over,
  };
}

export function describeNoticesStore(name: string, open: () => Promise<Store>, openSecond?: () => Promise<Store>): void {
  describe(`Notices store: ${name}`, () => {
    let store: Store;
    const hromada = { id: 'reg-hromada', code: '11111111', name: 'Громада', createdAt: T0, apiKeyHash: 'hash-h' };
    const oblast = { id: 'reg-oblast', code: '22222222', name: 'Область', createdAt: T0, apiKeyHash: 'hash-o' };
    const everywhere = { id: 'reg-all', code: '33333333', name: 'Без території', createdAt: T0, apiKeyHash: 'hash-a' };

    beforeEach(async () => {
      store = await open();
      for (const r of [hromada, oblast, everywhere]) await store.access.createRegister(r);
      await store.territory.setTerritory(hromada.id, [BILA_TSERKVA_HROMADA]);
      await store.territory.setTerritory(oblast.id, [KYIV_OBLAST]);
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores a notice once and routes it to every register whose territory covers the address, never to one without territory', async () => {
      const notice = dmsNotice();
      const sink: NoticeSink = store.notices; // what the DMS → gateway channel is given
      const first = await sink.receive(notice);
      expect(first).toMatchObject({ stored: true });
      if (!first.stored) throw new Error('not stored');
      expect(first.routedTo.sort()).toEqual([hromada.code, oblast.code]);

      const again = await store.notices.receive({ ...notice, kind: 'temporary_permit_expired', katottg: KYIV_CITY });
      expect(again).toEqual({ stored: false, id: first.id });
      const stored = await store.notices.get(first.id);
      expect(stored).toMatchObject({ noticeId: notice.noticeId, kind: 'person_died', katottg: IN_BILA_TSERKVA, person: notice.person, messageXml: notice.messageXml });
      expect(stored?.routes.map((r) => [r.registerCode, r.routedBy, r.acknowledgedAt])).toEqual([
        [hromada.code, null, null],
        [oblast.code, null, null],
      ]);
      expect(await store.notices.forRegister(everywhere.id, first.id)).toBeNull();
    });

    it('keeps a notice no register covers, or without a КАТОТТГ code, unrouted until an operator routes it (audited)', async () => {
      const outside = await store.notices.receive(dmsNotice({ katottg: KYIV_CITY }));
      const unknown = await store.notices.receive(dmsNotice({ katottg: null }));
      expect(outside).toMatchObject({ stored: true, routedTo: [] });
      expect(unknown).toMatchObject({ stored: true, routedTo: [] });
      await store.notices.receive(dmsNotice()); // routed
      expect(await store.notices.countUnrouted()).toBe(2);
      expect((await store.notices.list({ unrouted: true }, null, 50)).map((n) => n.id).sort()).toEqual([outside.id, unknown.id].sort());

      expect(await store.notices.route(outside.id, everywhere, 'operator:duty', 'Адреса в Києві', T0)).toEqual({ kind: 'routed' });
      expect(await store.notices.route(outside.id, everywhere, 'operator:duty', 'Ще раз', T0)).toEqual({ kind: 'already' });
      expect(await store.notices.route('no-such-notice', everywhere, 'operator:duty', 'x', T0)).toEqual({ kind: 'not_found' });
      expect(await store.notices.countUnrouted()).toBe(1);
      expect((await store.notices.get(outside.id))?.routes).toEqual([
        { registerId: everywhere.id, registerCode: everywhere.code, routedAt: T0, routedBy: 'operator:duty', acknowledgedAt: null },
      ]);
      const audit = await store.audit.auditPage(null, 10);
      expect(audit.filter((a) => a.action === 'notice.route')).toEqual([
        expect.objectContaining({ actor: 'operator:duty', reason: 'Адреса в Києві', detail: { noticeId: outside.id, registerCode: everywhere.code } }),
      ]);
    });

    it('lets each register read its own notices in routing order, a page at a time, and acknowledge them once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await store.notices.receive(dmsNotice())).id);
      const firstPage = await store.notices.listForRegister(hromada.id, undefined, null, 2);
      expect(firstPage.map((n) => n.id)).toEqual(ids.slice(0, 2));
      const last = firstPage[1]!;
      const secondPage = await store.notices.listForRegister(hromada.id, undefined, { at: last.routedAt, id: last.id }, 2);
      expect(secondPage.map((n) => n.id)).toEqual(ids.slice(2));

      const acked = await store.notices.acknowledge(hromada.id, ids[0]!, T0 + 5);
      expect(acked?.acknowledgedAt).toBe(T0 + 5);
      expect((await store.notices.acknowledge(hromada.id, ids[0]!, T0 + 9))?.acknowledgedAt).toBe(T0 + 5);
      expect(await store.notices.acknowledge(everywhere.id, ids[0]!, T0)).toBeNull();
      expect((await store.notices.listForRegister(hromada.id, false, null, 10)).map((n) => n.id)).toEqual(ids.slice(1));
      expect((await store.notices.listForRegister(hromada.id, true, null, 10)).map((n) => n.id)).toEqual([ids[0]]);
      // The oblast's register has its own acknowledgement: still open there.
      expect((await store.notices.forRegister(oblast.id, ids[0]!))?.acknowledgedAt).toBeNull();
      expect((await store.notices.list({ acknowledged: false }, null, 10)).map((n) => n.id).sort()).toEqual([...ids].sort());
    });

    it('filters the operators\' list by kind and pages it newest first', async () => {
      const died = await store.notices.receive(dmsNotice());
      const expired = await store.notices.receive(dmsNotice({ kind: 'temporary_permit_expired', document: { type: 'temporary_residence_permit', number: '000123456' } }));
      expect((await store.notices.list({ kind: 'temporary_permit_expired' }, null, 10)).map((n) => [n.id, n.document])).toEqual([
        [expired.id, { type: 'temporary_residence_permit', number: '000123456' }],
      ]);
      const page = await store.notices.list({}, null, 1);
      expect(page.map((n) => n.id)).toEqual([expired.id]);
      expect((await store.notices.list({}, { at: page[0]!.receivedAt, id: page[0]!.id }, 1)).map((n) => n.id)).toEqual([died.id]);
    });

    it('answers whether a DMS notice id was routed to a register', async () => {
      const notice = dmsNotice();
      await store.notices.receive(notice);
      expect(await store.notices.isRoutedTo(hromada.id, notice.noticeId)).toBe(true);
      expect(await store.notices.isRoutedTo(everywhere.id, notice.noticeId)).toBe(false);
      expect(await store.notices.isRoutedTo(hromada.id, 'never-sent')).toBe(false);
    });

    it('chains the reception into the evidence log: the signed message as DMS sent it, once', async () => {
      const notice = dmsNotice();
      const { id } = await store.notices.receive(notice);
      await store.notices.receive(notice);
      const entries = await store.evidence.evidenceForEvent(store.notices.evidenceKey(id));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ messageId: notice.noticeId, outcome: 'notice_received', requestBody: notice.messageXml, requestDigest: sha256Hex(notice.messageXml) });
      expect((await verifyEvidenceLog(store.evidence)).firstBreak).toBeNull();
    });

    it('removes a notice\'s personal data once every recipient acknowledged it a retention period ago, and nothing else', async () => {
      const done = (await store.notices.receive(dmsNotice({ document: { type: 'temporary_permit', number: 'TP-123456' }, kind: 'temporary_permit_expired' }))).id;
      const halfDone = (await store.notices.receive(dmsNotice())).id;
      const unrouted = (await store.notices.receive(dmsNotice({ katottg: KYIV_CITY }))).id;
      await store.notices.acknowledge(hromada.id, done, T0 + 5);
      await store.notices.acknowledge(oblast.id, done, T0 + 10);
      await store.notices.acknowledge(hromada.id, halfDone, T0 + 5);

      // The last acknowledgement is not before the cut-off yet: nothing goes.
      expect((await store.retention.purgePersonalData(T0 + 10, T0 + 100)).notices).toBe(0);
      const result = await store.retention.purgePersonalData(T0 + 11, T0 + 100);
      expect(result.notices).toBe(1);
      expect(result.evidence).toBeGreaterThanOrEqual(1);

      const purged = await store.notices.get(done);
      expect(purged).toMatchObject({ person: null, document: null, messageXml: null, purgedAt: T0 + 100, kind: 'temporary_permit_expired' });
      expect(purged?.routes.map((r) => r.acknowledgedAt)).toEqual([T0 + 5, T0 + 10]);
      expect((await store.notices.forRegister(hromada.id, done))?.person).toBeNull();
      const [entry] = await store.evidence.evidenceForEvent(store.notices.evidenceKey(done));
      expect(entry).toMatchObject({ requestBody: null, outcome: 'notice_received' });
      expect((await verifyEvidenceLog(store.evidence)).firstBreak).toBeNull();

      // Still to be acted on by a register, or by an operator: kept whole.
      for (const id of [halfDone, unrouted]) {
        const kept = await store.notices.get(id);
        expect(kept?.purgedAt).toBeNull();
        expect(kept?.person?.lastName).toBe('Шевчук');
        expect(kept?.messageXml).toContain('Шевчук');
        expect((await store.evidence.evidenceForEvent(store.notices.evidenceKey(id)))[0]?.requestBody).toContain('Шевчук');
      }
      // Again: nothing more to do, and DMS's id still stores the notice once.
      expect((await store.retention.purgePersonalData(T0 + 11, T0 + 200)).notices).toBe(0);
      const { noticeId } = (await store.notices.get(done))!;
      expect(await store.notices.receive(dmsNotice({ noticeId }))).toEqual({ stored: false, id: done });
    });

    it('stores a notice received many times at once exactly once', async () => {
      const notice = dmsNotice();
      const receipts = await Promise.all(Array.from({ length: 8 }, () => store.notices.receive(notice)));
      expect(receipts.filter((r) => r.stored)).toHaveLength(1);
      expect(new Set(receipts.map((r) => r.id)).size).toBe(1);
      expect(await store.notices.list({}, null, 50)).toHaveLength(1);
    });

    describe.runIf(openSecond)('two instances on one database', () => {
      it('store a notice both receive at once exactly once, routed once', async () => {
        const second = await (openSecond as () => Promise<Store>)();
        try {
          const notice = dmsNotice();
          const receipts = await Promise.all([store, second, store, second].map((s) => s.notices.receive(notice)));
          expect(receipts.filter((r) => r.stored)).toHaveLength(1);
          expect(new Set(receipts.map((r) => r.id)).size).toBe(1);
          const stored = await second.notices.get(receipts[0]!.id);
          expect(stored?.routes).toHaveLength(2);
          expect(await store.evidence.evidenceForEvent(store.notices.evidenceKey(receipts[0]!.id))).toHaveLength(1);
        } finally {
          await second.close();
        }
      });
    });
  });
}

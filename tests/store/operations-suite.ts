// The operator side of the store, written once and run against every implementation: the delivery
// log and its filters, dashboard figures, the evidence chain, replay jobs, the audit log, the purge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEntry, linkEntry, sha256Hex, type NewEvidence } from '../../src/evidence/chain.ts';
import { uuidv7 } from '../../src/ids.ts';
import type { NewEvent } from '../../src/store/events.ts';
import type { Store } from '../../src/store/open-store.ts';

export function describeOperationsStore(name: string, open: () => Promise<Store>): void {
  describe(`OperationsStore: ${name}`, () => {
    let store: Store;
    const appendEvidence = (e: NewEvidence) => store.evidence.appendEvidence((head) => linkEntry(e, head));
    const T0 = Date.parse('2026-11-23T10:00:00Z');
    const registers = [
      { id: 'reg-a', code: '26376375', name: 'А', createdAt: T0, apiKeyHash: 'ha' },
      { id: 'reg-b', code: '04054903', name: 'Б', createdAt: T0, apiKeyHash: 'hb' },
    ];

    beforeEach(async () => {
      store = await open();
      for (const r of registers) await store.access.createRegister(r);
    });
    afterEach(async () => {
      await store.close();
    });

    let n = 0;
    const event = (over: Partial<NewEvent> = {}): NewEvent => {
      n++;
      return {
        id: uuidv7(T0 + n),
        registerId: 'reg-a',
        registerEventId: `BC-${n}-${uuidv7()}`,
        type: 'residence.registered',
        occurredAt: '2026-11-20T10:15:00+02:00',
        occurredAtMs: T0 - 86_400_000 + n,
        personKey: `person-${n}`,
        contentHash: 'c',
        payload: '{"person":{"lastName":"Шевченко"}}',
        warnings: [],
        receivedAt: T0 + n * 1000,
        delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
        ...over,
      };
    };

    // Claims happen "far in the future" with a 1 ms lease, each later than the last, so that whatever
    // one call leased is free again for the next.
    let claimClock = 1e15;
    async function finish(e: NewEvent, status: 'delivered' | 'failed' | 'rejected', at: number) {
      claimClock += 10;
      const [d] = (await store.deliveries.claimDue('w', claimClock, 1, 1000)).filter((c) => c.eventId === e.id);
      if (!d) throw new Error('not claimable');
      const attempt = { number: 1, startedAt: at, durationMs: 5, outcome: status === 'delivered' ? ('delivered' as const) : status === 'rejected' ? ('rejected' as const) : ('retryable' as const), httpStatus: 200, errorClass: null, detail: null, responseExcerpt: '<ok/>', messageId: null, contract: null };
      const result =
        status === 'delivered'
          ? { status, receipt: { number: `R-${e.id}`, status: 'ACCEPTED', registeredAt: 'x' } }
          : status === 'rejected'
            ? { status, rejection: { code: 'X', reason: 'y' } }
            : { status, error: 'gave up' };
      await store.deliveries.recordAttempt(d.id, 'w', attempt, result as never, at);
    }

    it('pages the log newest first with every filter, and counts what a filter matches', async () => {
      const events = [event(), event({ registerId: 'reg-b', type: 'stay.registered' }), event({ personKey: 'needle' }), event(), event()];
      for (const e of events) await store.events.ingestEvent(e);
      await finish(events[0]!, 'failed', T0 + 10_000);

      const page1 = await store.log.listLog({}, null, 2);
      expect(page1.map((r) => r.id)).toEqual([events[4]!.id, events[3]!.id]);
      const last = page1[1]!;
      const page2 = await store.log.listLog({}, { receivedAt: last.receivedAt, id: last.id }, 10);
      expect(page2.map((r) => r.id)).toEqual([events[2]!.id, events[1]!.id, events[0]!.id]);

      expect((await store.log.listLog({ status: 'failed' }, null, 10)).map((r) => [r.id, r.status, r.lastError])).toEqual([[events[0]!.id, 'failed', 'gave up']]);
      expect((await store.log.listLog({ registerCode: '04054903' }, null, 10)).map((r) => r.registerCode)).toEqual(['04054903']);
      expect((await store.log.listLog({ registerId: 'reg-b' }, null, 10))).toHaveLength(1);
      expect((await store.log.listLog({ type: 'stay.registered' }, null, 10)).map((r) => r.id)).toEqual([events[1]!.id]);
      expect((await store.log.listLog({ personKey: 'needle' }, null, 10)).map((r) => r.id)).toEqual([events[2]!.id]);
      expect((await store.log.listLog({ receivedFrom: events[1]!.receivedAt, receivedTo: events[3]!.receivedAt }, null, 10)).map((r) => r.id)).toEqual([events[2]!.id, events[1]!.id]);
      expect(await store.log.countLog({ registerId: 'reg-a' })).toBe(4);
      const scan = await store.log.scanLog({ registerId: 'reg-a' }, { receivedAt: events[0]!.receivedAt, id: events[0]!.id }, 10);
      expect(scan.map((r) => r.id)).toEqual([events[2]!.id, events[3]!.id, events[4]!.id]);
    });

    it('lists blocked events by their visible status', async () => {
      const first = event({ personKey: 'p' });
      const second = event({ personKey: 'p' });
      await store.events.ingestEvent(first);
      await store.events.ingestEvent(second);
      await finish(first, 'rejected', T0 + 5000);
      expect((await store.log.listLog({ status: 'blocked' }, null, 10)).map((r) => r.id)).toEqual([second.id]);
      expect((await store.log.listLog({ status: 'accepted' }, null, 10))).toEqual([]);
    });

    it('gives the dashboard its figures, per register when asked', async () => {
      const a = event();
      const b = event({ registerId: 'reg-b' });
      const c = event();
      for (const e of [a, b, c]) await store.events.ingestEvent(e);
      await finish(a, 'delivered', T0 + 3_600_000 + 5);
      expect(await store.log.countByStatusFor(null)).toMatchObject({ delivered: 1, accepted: 2 });
      expect(await store.log.countByStatusFor('reg-b')).toMatchObject({ delivered: 0, accepted: 1 });
      expect(await store.log.oldestWaiting(null)).toEqual({ id: b.id, registerEventId: b.registerEventId, receivedAt: b.receivedAt });
      expect(await store.log.oldestWaiting('reg-a')).toMatchObject({ id: c.id });
      expect(await store.log.finishedPerHour(T0, null)).toEqual([{ hourStart: T0 + 3_600_000, status: 'delivered', count: 1 }]);
      expect(await store.log.finishedPerHour(T0, 'reg-b')).toEqual([]);
      expect((await store.access.registerCodes()).get('reg-b')).toBe('04054903');
    });

    it('chains evidence entries without gaps, each verifiable against the one before', async () => {
      const e = event();
      await store.events.ingestEvent(e);
      const entries = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        const request = `<request>${attempt}</request>`;
        entries.push(
          await appendEvidence({
            at: T0 + attempt, eventId: e.id, messageId: e.delivery.messageId, attempt, outcome: attempt < 3 ? 'retryable' : 'delivered',
            httpStatus: attempt < 3 ? 503 : 200, signer: 'AB:CD', answerSigner: attempt < 3 ? null : 'EF:01', requestDigest: sha256Hex(request), requestBody: request,
            responseDigest: sha256Hex('<answer/>'), responseBody: '<answer/>',
          }),
        );
      }
      const chain = await store.evidence.evidenceChain(0, 100);
      expect(chain.map((x) => x.id)).toEqual([1, 2, 3]);
      expect(chain).toEqual(entries);
      expect(chain.map((x, i) => checkEntry(x, chain[i - 1] ?? null))).toEqual([null, null, null]);
      expect(await store.evidence.evidenceForEvent(e.id)).toHaveLength(3);
      expect(await store.evidence.evidenceChain(2, 100)).toHaveLength(1);
    });

    it('keeps replay jobs with a lease, progress, completion and cancellation', async () => {
      await store.replayJobs.createReplayJob({ id: 'job-1', filter: '{"status":"failed"}', reason: 'після аварії', createdBy: 'operator:olena', createdAt: T0, total: 3 });
      const claimed = await store.replayJobs.claimReplayJob('runner-1', T0, 60_000);
      expect(claimed).toMatchObject({ id: 'job-1', state: 'running', processed: 0 });
      expect(await store.replayJobs.claimReplayJob('runner-2', T0 + 1, 60_000)).toBeNull();
      const progress = { processed: 2, retried: 1, skipped: 1, afterReceived: T0 + 5, afterId: 'e-2' };
      expect(await store.replayJobs.saveReplayProgress('job-1', 'runner-2', progress, false, T0 + 2, 60_000)).toBe(false);
      expect(await store.replayJobs.saveReplayProgress('job-1', 'runner-1', progress, false, T0 + 2, 60_000)).toBe(true);
      expect(await store.replayJobs.getReplayJob('job-1')).toMatchObject({ ...progress, state: 'running' });
      expect(await store.replayJobs.saveReplayProgress('job-1', 'runner-1', { ...progress, processed: 3 }, true, T0 + 3, 60_000)).toBe(true);
      expect(await store.replayJobs.getReplayJob('job-1')).toMatchObject({ state: 'done', processed: 3, finishedAt: T0 + 3 });
      expect(await store.replayJobs.cancelReplayJob('job-1', T0 + 4)).toBe(false);

      await store.replayJobs.createReplayJob({ id: 'job-2', filter: '{}', reason: 'r', createdBy: 'x', createdAt: T0 + 10, total: 0 });
      expect(await store.replayJobs.cancelReplayJob('job-2', T0 + 11)).toBe(true);
      expect((await store.replayJobs.listReplayJobs(10)).map((j) => [j.id, j.state])).toEqual([['job-2', 'cancelled'], ['job-1', 'done']]);
      expect(await store.replayJobs.claimReplayJob('runner-1', T0 + 999_999, 60_000)).toBeNull();
    });

    it('pages the audit log newest first', async () => {
      for (let i = 0; i < 3; i++) await store.audit.appendAudit({ at: T0 + i, actor: 'operator:olena', action: 'reveal', eventId: `e-${i}`, reason: 'дзвінок громадянина', detail: { i } });
      const page = await store.audit.auditPage(null, 2);
      expect(page.map((a) => a.eventId)).toEqual(['e-2', 'e-1']);
      expect((await store.audit.auditPage(page[1]!.id, 2)).map((a) => a.eventId)).toEqual(['e-0']);
    });

    it('purges personal data of old finished deliveries, keeping digests so the chain still verifies', async () => {
      const old = event();
      const recent = event();
      for (const e of [old, recent]) await store.events.ingestEvent(e);
      for (const [e, at] of [[old, T0 + 1000], [recent, T0 + 90_000_000]] as const) {
        await appendEvidence({ at, eventId: e.id, messageId: e.delivery.messageId, attempt: 1, outcome: 'delivered', httpStatus: 200, signer: null, requestDigest: sha256Hex('<r/>'), requestBody: '<r/>', responseDigest: sha256Hex('<a/>'), responseBody: '<a/>' });
        await finish(e, 'delivered', at);
      }
      // a failed event is kept whole however old: an operator may still retry it
      const failed = event();
      await store.events.ingestEvent(failed);
      await finish(failed, 'failed', T0 + 1000);
      const result = await store.retention.purgePersonalData(T0 + 50_000_000, T0 + 100_000_000);
      expect(result).toEqual({ events: 1, evidence: 1, notices: 0 });
      const chain = await store.evidence.evidenceChain(0, 10);
      expect(chain.map((x) => [x.eventId, x.requestBody, x.responseBody, x.requestDigest, x.purgedAt])).toEqual([
        [old.id, null, null, sha256Hex('<r/>'), T0 + 100_000_000],
        [recent.id, '<r/>', '<a/>', sha256Hex('<r/>'), null],
      ]);
      const [claimedFailed] = (await store.deliveries.retryDelivery(failed.id, { kind: 'system' }, null, T0 + 100_000_001, 'm')).kind === 'done' ? await store.deliveries.claimDue('w2', T0 + 100_000_002, 60_000, 10) : [];
      expect(claimedFailed?.payload).toBe('{"person":{"lastName":"Шевченко"}}');
      expect(chain.map((x, i) => checkEntry(x, chain[i - 1] ?? null))).toEqual([null, null]);
      expect(await store.events.getEvent(old.id)).toMatchObject({ status: 'delivered', delivery: { receipt: { number: `R-${old.id}` } } });
      expect(await store.retention.purgePersonalData(T0 + 50_000_000, T0 + 100_000_001)).toEqual({ events: 0, evidence: 0, notices: 0 });
    });
  });
}

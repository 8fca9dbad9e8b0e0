// The Store's behaviour, written once and run against every implementation. A dialect that passes
// `openSecond` (another connection to the database the last `open` made) also runs the tests of
// two instances sharing one database.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/ids.ts';
import type { AttemptRecord } from '../../src/delivery/model/attempt-record.ts';
import { emptyCounts } from '../../src/delivery/model/status.ts';
import type { NewEvent } from '../../src/store/events.ts';
import type { ChainHead } from '../../src/store/evidence.ts';
import type { FinalOutcome } from '../../src/store/outcomes.ts';
import { linkEntry } from '../../src/evidence/chain.ts';
import type { Store } from '../../src/store/open-store.ts';

type FullStore = Store;

export function describeStore(name: string, open: () => Promise<FullStore>, openSecond?: () => Promise<FullStore>): void {
  describe(`Store: ${name}`, () => {
    let store: FullStore;
    const T0 = Date.parse('2026-11-23T10:00:00Z');
    const register = { id: 'reg-1', code: '26376375', name: 'Демо', createdAt: T0, apiKeyHash: 'hash-1' };

    beforeEach(async () => {
      store = await open();
      await store.access.createRegister(register);
    });
    afterEach(async () => {
      await store.close();
    });

    let produced = 0;
    const newEvent = (over: Partial<NewEvent> = {}): NewEvent => ({
      id: uuidv7(),
      registerId: register.id,
      registerEventId: `BC-${uuidv7()}`,
      type: 'residence.registered',
      occurredAt: '2026-11-20T10:15:00+02:00',
      // each new event is produced a second after the previous one, unless a test says otherwise
      occurredAtMs: Date.parse('2026-11-20T08:15:00Z') + 1000 * produced++,
      personKey: `person-${produced}`,
      contentHash: 'content-1',
      payload: '{"eventId":"x"}',
      warnings: [],
      receivedAt: T0,
      delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
      ...over,
    });

    const attempt = (number: number, outcome: AttemptRecord['outcome'] = 'retryable'): AttemptRecord => ({
      number,
      startedAt: T0,
      durationMs: 12,
      outcome,
      httpStatus: 503,
      errorClass: 'http_5xx',
      detail: 'HTTP 503',
      responseExcerpt: null,
      messageId: null,
      contract: null,
    });

    it('finds a register by its key hash only', async () => {
      expect(await store.access.countRegisters()).toBe(1);
      expect((await store.access.findRegisterByKeyHash('hash-1'))?.code).toBe('26376375');
      expect(await store.access.findRegisterByKeyHash('hash-2')).toBeNull();
    });

    it('keeps a secret once made', async () => {
      const first = await store.access.getOrCreateSecret('s', () => 'one');
      const second = await store.access.getOrCreateSecret('s', () => 'two');
      expect([first, second]).toEqual(['one', 'one']);
    });

    it('keeps a register\'s territory, replaced whole, none meaning all of Ukraine', async () => {
      expect(await store.territory.registerIdByCode(register.code)).toBe(register.id);
      expect(await store.territory.territoryOf(register.id)).toEqual([]);
      await store.territory.setTerritory(register.id, ['UA80000000000093317', 'UA32020010000093088', 'UA80000000000093317']);
      expect(await store.territory.territoryOf(register.id)).toEqual(['UA32020010000093088', 'UA80000000000093317']);
      await store.territory.setTerritory(register.id, []);
      expect(await store.territory.territoryOf(register.id)).toEqual([]);
    });

    it('stores an event with its delivery task, due at once', async () => {
      const e = newEvent({ warnings: [{ code: 'FEE_AMOUNT_MISMATCH', pointer: '/fee/amount', message: { uk: 'у', en: 'e' } }] });
      const result = await store.events.ingestEvent(e);
      expect(result.kind).toBe('created');
      const details = await store.events.getEvent(e.id);
      expect(details).toMatchObject({ id: e.id, registerEventId: e.registerEventId, status: 'accepted', warnings: e.warnings });
      expect(details?.delivery).toMatchObject({ messageId: e.delivery.messageId, attempts: 0, nextAttemptAt: T0, receipt: null });
      expect(await store.deliveries.nextDueAt()).toBe(T0);
      expect(await store.log.countByStatusFor(null)).toEqual({ accepted: 1, retrying: 0, blocked: 0, delivered: 0, registered: 0, refused: 0, rejected: 0, failed: 0, cancelled: 0 });
    });

    it('recognises the same event id: same content is a duplicate, other content a conflict', async () => {
      const e = newEvent();
      await store.events.ingestEvent(e);
      const again = await store.events.ingestEvent({ ...newEvent(), registerEventId: e.registerEventId, contentHash: e.contentHash });
      expect(again).toMatchObject({ kind: 'duplicate', event: { id: e.id } });
      const changed = await store.events.ingestEvent({ ...newEvent(), registerEventId: e.registerEventId, contentHash: 'content-2' });
      expect(changed).toEqual({ kind: 'conflict', existingId: e.id });
      // nothing new was stored: only the first event can be claimed
      expect((await store.deliveries.claimDue('w', T0, 60_000, 10)).map((d) => d.eventId)).toEqual([e.id]);
    });

    it('runs the idempotency protocol: the first request runs and its answer is kept with what it wrote', async () => {
      const scope = { registerId: register.id, key: 'key-1' };
      const answer = { status: 202, headers: { location: '/v1/events/1' }, body: '{"id":"1"}' };
      const e = newEvent();
      const once = (hash: string, now: number) =>
        store.idempotency.once(scope, hash, now, 86_400_000, async (tx) => ({ value: (await store.events.storeEvent(tx, e)).kind, response: answer }));
      expect(await once('h1', T0)).toEqual({ kind: 'ran', value: 'created' });
      expect(await once('h1', T0 + 20)).toEqual({ kind: 'replay', response: answer });
      expect(await once('h2', T0 + 20)).toEqual({ kind: 'mismatch' });
      // after the retention period the key is free again
      expect(await once('h2', T0 + 86_400_001)).toEqual({ kind: 'ran', value: 'duplicate' });
    });

    it('undoes what a request wrote when its key turns out to be known, and answers from the key', async () => {
      const scope = { registerId: register.id, key: 'key-known' };
      const answer = { status: 202, headers: {}, body: 'first' };
      const first = newEvent();
      const second = newEvent();
      const store2 = (e: typeof first, hash: string) =>
        store.idempotency.once(scope, hash, T0, 86_400_000, async (tx) => ({ value: (await store.events.storeEvent(tx, e)).kind, response: { ...answer, body: e.id } }));
      expect(await store2(first, 'h1')).toEqual({ kind: 'ran', value: 'created' });
      expect(await store2(second, 'h2')).toEqual({ kind: 'mismatch' });
      expect(await store2(second, 'h1')).toEqual({ kind: 'replay', response: { ...answer, body: first.id } });
      expect(await store.events.getEvent(second.id)).toBeNull();
      expect((await store.deliveries.claimDue('w', T0, 60_000, 10)).map((d) => d.eventId)).toEqual([first.id]);
    });

    it('keeps neither the key nor what was written when the work throws (a server error runs again)', async () => {
      const scope = { registerId: register.id, key: 'key-2' };
      const e = newEvent();
      await expect(
        store.idempotency.once(scope, 'h', T0, 86_400_000, async (tx) => {
          await store.events.storeEvent(tx, e);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.events.getEvent(e.id)).toBeNull();
      expect(await store.idempotency.once(scope, 'other', T0 + 1, 86_400_000, async () => ({ value: 1, response: { status: 422, headers: {}, body: '' } }))).toEqual({ kind: 'ran', value: 1 });
    });

    it('lets a retry take over a key a dead process left in flight (kept that way before keys were kept in one transaction)', async () => {
      const scope = { registerId: register.id, key: 'key-dead' };
      await store.db.run(`INSERT INTO idempotency_keys (register_id, key, request_hash, state, locked_until, created_at) VALUES (:registerId, :key, 'h', 'in_flight', :until, :now)`, { ...scope, until: T0 + 1000, now: T0 });
      const run = (now: number) => store.idempotency.once(scope, 'h', now, 86_400_000, async () => ({ value: 'ran', response: { status: 202, headers: {}, body: '' } }));
      expect(await run(T0 + 10)).toEqual({ kind: 'in_flight' });
      expect(await run(T0 + 1000)).toEqual({ kind: 'ran', value: 'ran' });
      expect(await run(T0 + 1001)).toMatchObject({ kind: 'replay' });
    });

    it('purges idempotency records after retention', async () => {
      const scope = { registerId: register.id, key: 'key-3' };
      const keep = (key: string, hash: string, now: number) =>
        store.idempotency.once({ ...scope, key }, hash, now, 86_400_000, async () => ({ value: null, response: { status: 202, headers: {}, body: '' } }));
      await keep('key-3', 'h', T0);
      await keep('key-4', 'h', T0);
      expect(await store.idempotency.purgeIdempotency(T0 + 1)).toBe(2);
      expect((await keep('key-3', 'other', T0 + 2)).kind).toBe('ran');
    });

    it('leases a claimed delivery to one worker until the lease expires', async () => {
      const e = newEvent();
      await store.events.ingestEvent(e);
      const [claimed] = await store.deliveries.claimDue('w1', T0, 60_000, 10);
      expect(claimed).toMatchObject({ eventId: e.id, messageId: e.delivery.messageId, attempts: 0, registerCode: '26376375', requestXml: null });
      expect(await store.deliveries.claimDue('w2', T0 + 59_999, 60_000, 10)).toEqual([]);
      expect(await store.deliveries.nextDueAt()).toBe(T0 + 60_000);
      const [reclaimed] = await store.deliveries.claimDue('w2', T0 + 60_000, 60_000, 10);
      expect(reclaimed?.id).toBe(claimed?.id);
      // the first worker lost its lease: its late result is not recorded
      expect(await store.deliveries.recordAttempt(claimed!.id, 'w1', attempt(1), { status: 'failed', error: 'late' }, T0 + 60_001)).toBe(false);
      expect((await store.events.getEvent(e.id))?.attempts).toEqual([]);
    });

    it('writes an exchange\'s evidence in the transaction that records the attempt: both or neither, kept when the lease was lost', async () => {
      const exchange = (eventId: string, attemptNo: number) => (head: ChainHead | null) =>
        linkEntry({ at: T0, eventId, messageId: 'm', attempt: attemptNo, outcome: 'delivered', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
      const e = newEvent();
      await store.events.ingestEvent(e);
      const [d] = await store.deliveries.claimDue('w1', T0, 1000, 1);
      const receipt = { number: 'R', status: 'ACCEPTED', registeredAt: 'x' };
      const refused = () => {
        throw new Error('evidence cannot be written');
      };
      await expect(store.deliveries.recordAttempt(d!.id, 'w1', attempt(1, 'delivered'), { status: 'delivered', receipt }, T0 + 1, refused)).rejects.toThrow('evidence cannot be written');
      expect(await store.events.getEvent(e.id)).toMatchObject({ delivery: { status: 'accepted' }, attempts: [] });
      expect(await store.evidence.evidenceForEvent(e.id)).toEqual([]);
      // the lease ran out and another worker took the delivery: the late exchange is evidence all the same
      const [again] = await store.deliveries.claimDue('w2', T0 + 1000, 1000, 1);
      expect(await store.deliveries.recordAttempt(d!.id, 'w1', attempt(1, 'delivered'), { status: 'delivered', receipt }, T0 + 1001, exchange(e.id, 1))).toBe(false);
      expect(await store.deliveries.recordAttempt(again!.id, 'w2', attempt(1, 'delivered'), { status: 'delivered', receipt }, T0 + 1002, exchange(e.id, 1))).toBe(true);
      expect((await store.evidence.evidenceForEvent(e.id)).map((x) => x.id)).toEqual([1, 2]);
      expect(await store.events.getEvent(e.id)).toMatchObject({ delivery: { status: 'delivered' }, attempts: [{ number: 1 }] });
    });

    it('does not claim what is not yet due, and honours the limit', async () => {
      await store.events.ingestEvent(newEvent({ receivedAt: T0 + 5000 }));
      await store.events.ingestEvent(newEvent());
      await store.events.ingestEvent(newEvent());
      expect(await store.deliveries.claimDue('w', T0, 60_000, 1)).toHaveLength(1);
      expect(await store.deliveries.claimDue('w', T0, 60_000, 10)).toHaveLength(1);
      expect(await store.deliveries.claimDue('w', T0 + 5000, 60_000, 10)).toHaveLength(1);
    });

    it('never lets a late result of a worker whose lease expired overwrite an operator action', async () => {
      const e = newEvent();
      await store.events.ingestEvent(e);
      const [d] = await store.deliveries.claimDue('slow-worker', T0, 1000, 1);
      // the lease ran out; an operator cancels meanwhile
      expect((await store.deliveries.cancelDelivery(e.id, { kind: 'system' }, 'duplicate', T0 + 2000)).kind).toBe('done');
      const late = { status: 'delivered' as const, receipt: { number: 'R', status: 'ACCEPTED', registeredAt: 'x' } };
      expect(await store.deliveries.recordAttempt(d!.id, 'slow-worker', attempt(1, 'delivered'), late, T0 + 3000)).toBe(false);
      expect(await store.events.getEvent(e.id)).toMatchObject({ status: 'cancelled', attempts: [] });
    });

    it('keeps the request signed ahead in the claim itself, and signs ahead only what has no signed request yet', async () => {
      const [signed, refused] = [newEvent(), newEvent()];
      await store.events.ingestEvent(signed);
      await store.events.ingestEvent(refused);
      const asked: string[] = [];
      const signAhead = (d: { eventId: string }) => (asked.push(d.eventId), d.eventId === signed.id ? { requestXml: '<signed>ahead</signed>', contract: 'dms-registration-v2' } : null);
      const claimed = await store.deliveries.claimDue('w', T0, 60_000, 10, signAhead);
      expect(claimed.map((d) => [d.eventId, d.requestXml, d.contract])).toEqual([
        [signed.id, '<signed>ahead</signed>', 'dms-registration-v2'],
        [refused.id, null, 'dms-registration-v1'],
      ]);
      expect((await store.events.getEvent(signed.id))?.delivery.contract).toBe('dms-registration-v2');
      // the kept bytes are the ones the attempt's own save returns, and a retry's claim does not sign again
      expect(await store.deliveries.saveSignedRequest(claimed[0]!.id, 'w', '<signed>late</signed>', 'dms-registration-v1', T0)).toBe('<signed>ahead</signed>');
      for (const d of claimed) await store.deliveries.recordAttempt(d.id, 'w', attempt(1), { status: 'retrying', nextAttemptAt: T0 + 10, error: 'x' }, T0 + 1);
      asked.length = 0;
      const again = await store.deliveries.claimDue('w', T0 + 10, 60_000, 10, signAhead);
      expect(asked).toEqual([refused.id]);
      expect(again.find((d) => d.eventId === signed.id)).toMatchObject({ requestXml: '<signed>ahead</signed>', contract: 'dms-registration-v2' });
    });

    it('keeps the first signed request of a delivery, with the version it was made in', async () => {
      const e = newEvent();
      await store.events.ingestEvent(e);
      // Not signed yet: the version is not decided.
      expect((await store.events.getEvent(e.id))?.delivery.contract).toBeNull();
      const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
      expect(await store.deliveries.saveSignedRequest(d!.id, 'w', '<signed>1</signed>', 'dms-registration-v2', T0)).toBe('<signed>1</signed>');
      expect(await store.deliveries.saveSignedRequest(d!.id, 'w', '<signed>2</signed>', 'dms-registration-v1', T0)).toBe('<signed>1</signed>');
      expect((await store.events.getEvent(e.id))?.delivery.contract).toBe('dms-registration-v2');
      await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1), messageId: d!.messageId, contract: 'dms-registration-v2' }, { status: 'retrying', nextAttemptAt: T0 + 10, error: 'x' }, T0 + 1);
      const [again] = await store.deliveries.claimDue('w', T0 + 10, 60_000, 1);
      expect(again).toMatchObject({ contract: 'dms-registration-v2', requestXml: '<signed>1</signed>' });
      expect((await store.events.getEvent(e.id))?.attempts[0]).toMatchObject({ messageId: d!.messageId, contract: 'dms-registration-v2' });
    });

    it('re-makes a delivery whose version DMS retired as a new message in the next version', async () => {
      const e = newEvent();
      await store.events.ingestEvent(e);
      const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
      await store.deliveries.saveSignedRequest(d!.id, 'w', '<v1/>', 'dms-registration-v1', T0);
      const retired = { ...attempt(1, 'rejected'), messageId: d!.messageId, contract: 'dms-registration-v1' };
      const remap = { contract: 'dms-registration-v2', messageId: 'remade-message-id' };
      expect(await store.deliveries.recordAttempt(d!.id, 'w', retired, { status: 'retrying', nextAttemptAt: T0 + 1, error: 'CONTRACT_VERSION_RETIRED', remap }, T0 + 1)).toBe(true);
      const [again] = await store.deliveries.claimDue('w', T0 + 1, 60_000, 1);
      expect(again).toMatchObject({ messageId: 'remade-message-id', contract: 'dms-registration-v2', requestXml: null, attempts: 1, scheduleBase: 1 });
      const view = await store.events.getEvent(e.id);
      expect(view).toMatchObject({ status: 'retrying', delivery: { messageId: 'remade-message-id', contract: null } });
      expect(view?.attempts[0]).toMatchObject({ messageId: d!.messageId, contract: 'dms-registration-v1' });
    });

    it('schedules a retry, then records delivery with its receipt', async () => {
      const e = newEvent();
      await store.events.ingestEvent(e);
      let [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
      expect(await store.deliveries.recordAttempt(d!.id, 'w', attempt(1), { status: 'retrying', nextAttemptAt: T0 + 5000, error: 'http_5xx: HTTP 503' }, T0 + 10)).toBe(true);
      let details = await store.events.getEvent(e.id);
      expect(details).toMatchObject({ status: 'retrying', delivery: { attempts: 1, nextAttemptAt: T0 + 5000, lastError: 'http_5xx: HTTP 503' } });
      expect(await store.deliveries.claimDue('w', T0 + 4999, 60_000, 1)).toEqual([]);
      [d] = await store.deliveries.claimDue('w', T0 + 5000, 60_000, 1);
      expect(d?.attempts).toBe(1);
      const receipt = { number: 'DMS-1', status: 'ACCEPTED', registeredAt: '2026-11-23T10:00:05Z' };
      expect(await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(2, 'delivered'), httpStatus: 200, errorClass: null }, { status: 'delivered', receipt }, T0 + 5010)).toBe(true);
      details = await store.events.getEvent(e.id);
      expect(details).toMatchObject({ status: 'delivered', delivery: { attempts: 2, nextAttemptAt: null, receipt, finishedAt: T0 + 5010 } });
      expect(details?.attempts.map((a) => [a.number, a.outcome])).toEqual([[1, 'retryable'], [2, 'delivered']]);
      expect(await store.deliveries.claimDue('w', T0 + 999_999, 60_000, 1)).toEqual([]);
      expect(await store.deliveries.nextDueAt()).toBeNull();
    });

    it('records a rejection as final, with the reason', async () => {
      const e = newEvent();
      await store.events.ingestEvent(e);
      const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
      const rejection = { code: 'UNZR_INVALID', reason: 'УНЗР не знайдено' };
      await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1, 'rejected'), httpStatus: 500, errorClass: 'business_rejection' }, { status: 'rejected', rejection }, T0 + 1);
      expect(await store.events.getEvent(e.id)).toMatchObject({ status: 'rejected', delivery: { rejection, nextAttemptAt: null } });
    });

    describe('order per person', () => {
      const claimIds = async (owner: string, now: number) => (await store.deliveries.claimDue(owner, now, 60_000, 100)).map((d) => d.eventId);
      const deliver = async (deliveryId: string, owner: string, now: number) =>
        store.deliveries.recordAttempt(deliveryId, owner, { ...attempt(1, 'delivered'), httpStatus: 200, errorClass: null }, { status: 'delivered', receipt: { number: 'R', status: 'ACCEPTED', registeredAt: 'x' } }, now);

      it('hands out only the head of each person queue, by occurredAt, while other people flow', async () => {
        const base = Date.parse('2026-11-20T08:00:00Z');
        // posted out of order: the later act first
        const later = newEvent({ personKey: 'p', occurredAtMs: base + 2000 });
        const earlier = newEvent({ personKey: 'p', occurredAtMs: base + 1000 });
        const other = newEvent({ personKey: 'q', occurredAtMs: base + 5000 });
        for (const e of [later, earlier, other]) await store.events.ingestEvent(e);
        expect((await claimIds('w', T0)).sort()).toEqual([earlier.id, other.id].sort());
        const view = await store.events.getEvent(later.id);
        expect(view?.status).toBe('accepted');
        expect(view?.delivery.waitingFor).toEqual({ eventId: earlier.id, status: 'accepted' });
        await deliver((await store.events.getEvent(earlier.id))!.delivery.id, 'w', T0 + 1);
        expect(await claimIds('w2', T0 + 2)).toEqual([later.id]);
      });

      it('answers a new event of a person behind a rejected one as blocked from the start, and one of someone else as accepted', async () => {
        const first = newEvent({ personKey: 'p' });
        await store.events.ingestEvent(first);
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 10);
        await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1, 'rejected'), errorClass: 'business_rejection' }, { status: 'rejected', rejection: { code: 'X', reason: 'y' } }, T0 + 1);
        expect(await store.events.ingestEvent(newEvent({ personKey: 'p' }))).toMatchObject({ kind: 'created', event: { status: 'blocked' } });
        expect(await store.events.ingestEvent(newEvent({ personKey: 'q' }))).toMatchObject({ kind: 'created', event: { status: 'accepted' } });
      });

      it('blocks a person behind a rejected event until an operator cancels it, and says why', async () => {
        const first = newEvent({ personKey: 'p' });
        const second = newEvent({ personKey: 'p' });
        await store.events.ingestEvent(first);
        await store.events.ingestEvent(second);
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 10);
        expect(d?.eventId).toBe(first.id);
        await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1, 'rejected'), errorClass: 'business_rejection' }, { status: 'rejected', rejection: { code: 'X', reason: 'y' } }, T0 + 1);
        expect(await store.events.getEvent(second.id)).toMatchObject({ status: 'blocked', delivery: { status: 'accepted', waitingFor: { eventId: first.id, status: 'rejected' } } });
        expect(await store.log.countByStatusFor(null)).toMatchObject({ blocked: 1, rejected: 1 });
        expect(await claimIds('w', T0 + 2)).toEqual([]);
        // a blocked delivery is not "due": an idle worker may sleep
        expect(await store.deliveries.nextDueAt()).toBeNull();

        const actor = { kind: 'operator', id: 'op-1', name: 'Олена' } as const;
        const cancelled = await store.deliveries.cancelDelivery(first.id, actor, 'дубль, виправлено в реєстрі', T0 + 3);
        expect(cancelled).toMatchObject({ kind: 'done', event: { status: 'cancelled', delivery: { cancelReason: 'дубль, виправлено в реєстрі' } } });
        expect(await store.events.getEvent(second.id)).toMatchObject({ status: 'accepted', delivery: { waitingFor: null } });
        expect(await claimIds('w', T0 + 4)).toEqual([second.id]);
        expect(await store.audit.listAudit(first.id)).toEqual([
          { at: T0 + 3, actor: 'operator:Олена', action: 'cancel', eventId: first.id, reason: 'дубль, виправлено в реєстрі', detail: { previousStatus: 'rejected' } },
        ]);
      });

      it('retries a rejected event as a new message and a failed one as the same message, with a fresh schedule', async () => {
        const actor = { kind: 'operator', id: 'op-1', name: 'op' } as const;
        const rejected = newEvent();
        const failed = newEvent();
        await store.events.ingestEvent(rejected);
        await store.events.ingestEvent(failed);
        const claimed = await store.deliveries.claimDue('w', T0, 60_000, 10);
        const byEvent = new Map(claimed.map((c) => [c.eventId, c]));
        await store.deliveries.saveSignedRequest(byEvent.get(rejected.id)!.id, 'w', '<signed/>', 'dms-registration-v1', T0);
        await store.deliveries.recordAttempt(byEvent.get(rejected.id)!.id, 'w', attempt(1, 'rejected'), { status: 'rejected', rejection: { code: 'X', reason: 'y' } }, T0 + 1);
        await store.deliveries.recordAttempt(byEvent.get(failed.id)!.id, 'w', attempt(1), { status: 'failed', error: 'gave up' }, T0 + 1);

        const r1 = await store.deliveries.retryDelivery(rejected.id, actor, 'ДМС виправила помилку', T0 + 2, 'new-message-id');
        expect(r1).toMatchObject({ kind: 'done', event: { status: 'retrying', delivery: { messageId: 'new-message-id', rejection: null, nextAttemptAt: T0 + 2 } } });
        const r2 = await store.deliveries.retryDelivery(failed.id, actor, null, T0 + 2, 'unused');
        expect(r2).toMatchObject({ kind: 'done', event: { status: 'retrying', delivery: { messageId: failed.delivery.messageId } } });
        const again = await store.deliveries.claimDue('w', T0 + 2, 60_000, 10);
        const rc = again.find((c) => c.eventId === rejected.id);
        expect(rc).toMatchObject({ messageId: 'new-message-id', requestXml: null, attempts: 1, scheduleBase: 1 });
        expect(again.find((c) => c.eventId === failed.id)).toMatchObject({ attempts: 1, scheduleBase: 1 });
      });

      it('re-makes a failed message signed in an older version as a new message when a newer one is in force', async () => {
        const actor = { kind: 'system' } as const;
        const e = newEvent();
        await store.events.ingestEvent(e);
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
        await store.deliveries.saveSignedRequest(d!.id, 'w', '<v1/>', 'dms-registration-v1', T0);
        await store.deliveries.recordAttempt(d!.id, 'w', attempt(1), { status: 'failed', error: 'gave up' }, T0 + 1);
        const toV2 = () => 'dms-registration-v2';
        const r = await store.deliveries.retryDelivery(e.id, actor, null, T0 + 2, 'v2-message-id', toV2);
        expect(r).toMatchObject({ kind: 'done', event: { status: 'retrying', delivery: { messageId: 'v2-message-id', contract: null } } });
        const [again] = await store.deliveries.claimDue('w', T0 + 2, 60_000, 1);
        expect(again).toMatchObject({ messageId: 'v2-message-id', requestXml: null });
      });

      it('refuses actions that do not apply, or while an attempt is in flight', async () => {
        const actor = { kind: 'system' } as const;
        const e = newEvent();
        await store.events.ingestEvent(e);
        expect(await store.deliveries.cancelDelivery('nope', actor, 'r', T0)).toEqual({ kind: 'not_found' });
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
        expect(await store.deliveries.cancelDelivery(e.id, actor, 'r', T0 + 1)).toEqual({ kind: 'in_flight' });
        await deliver(d!.id, 'w', T0 + 2);
        expect(await store.deliveries.cancelDelivery(e.id, actor, 'r', T0 + 3)).toEqual({ kind: 'not_applicable', status: 'delivered' });
        expect(await store.deliveries.retryDelivery(e.id, actor, null, T0 + 3, 'm')).toEqual({ kind: 'not_applicable', status: 'delivered' });
      });

      it('brings waiting retries forward after an outage', async () => {
        const e = newEvent();
        await store.events.ingestEvent(e);
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
        await store.deliveries.recordAttempt(d!.id, 'w', attempt(1), { status: 'retrying', nextAttemptAt: T0 + 3_600_000, error: 'e' }, T0 + 1);
        expect(await store.deliveries.expediteRetries(T0 + 10)).toBe(1);
        expect(await claimIds('w', T0 + 10)).toEqual([e.id]);
      });
    });

    describe.runIf(openSecond)('two instances on one database', () => {
      let other: Store;
      beforeEach(async () => {
        other = await (openSecond as () => Promise<Store>)();
      });
      afterEach(async () => {
        await other.close();
      });

      it('never hands one delivery to two claimers', async () => {
        const events = Array.from({ length: 40 }, () => newEvent());
        for (const e of events) await store.events.ingestEvent(e);
        const claimAll = async (s: Store, owner: string) => {
          const got: string[] = [];
          for (let round = 0; round < 100; round++) {
            const claimed = await s.deliveries.claimDue(owner, T0, 60_000, 3);
            if (claimed.length === 0) break;
            got.push(...claimed.map((d) => d.eventId));
          }
          return got;
        };
        const [a, b] = await Promise.all([claimAll(store, 'w1'), claimAll(other, 'w2')]);
        const all = [...a, ...b];
        expect(new Set(all).size).toBe(all.length);
        expect(all.sort()).toEqual(events.map((e) => e.id).sort());
      });

      it('runs one of several requests with the same new idempotency key; the others replay its answer', async () => {
        const scope = { registerId: register.id, key: 'race-1' };
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? other : store).idempotency.once(scope, 'h', T0, 86_400_000, async (tx) => {
              await tx.run('SELECT 1');
              return { value: i, response: { status: 202, headers: {}, body: `answer ${i}` } };
            }),
          ),
        );
        const ran = results.filter((r) => r.kind === 'ran');
        expect(ran).toHaveLength(1);
        const replays = results.filter((r) => r.kind === 'replay');
        expect(replays).toHaveLength(9);
        for (const r of replays) expect(r).toMatchObject({ response: { body: `answer ${(ran[0] as { value: number }).value}` } });
      });

      it('keeps what one of several requests with the same new key wrote, on two instances, and undoes the others', async () => {
        const scope = { registerId: register.id, key: 'race-writes' };
        // two bodies (two events, two people) under one key; each request really writes its event
        const bodies = { a: newEvent(), b: newEvent() };
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => {
            const hash = i % 4 < 2 ? 'a' : 'b';
            const e = bodies[hash];
            return (i % 2 ? other : store).idempotency.once(scope, hash, T0, 86_400_000, async (tx) => ({
              value: { hash, stored: (await (i % 2 ? other : store).events.storeEvent(tx, e)).kind },
              response: { status: 202, headers: {}, body: e.id },
            }));
          }),
        );
        const ran = results.filter((r) => r.kind === 'ran');
        expect(ran).toHaveLength(1);
        const winner = (ran[0] as { value: { hash: 'a' | 'b'; stored: string } }).value;
        expect(winner.stored).toBe('created');
        const loser = winner.hash === 'a' ? 'b' : 'a';
        // the winner's body replays its answer, the other body is refused; nothing else ran
        expect(results.filter((r) => r.kind === 'replay')).toHaveLength(3);
        for (const r of results.filter((r) => r.kind === 'replay')) expect(r).toMatchObject({ response: { body: bodies[winner.hash].id } });
        expect(results.filter((r) => r.kind === 'mismatch')).toHaveLength(4);
        expect(await store.events.getEvent(bodies[loser].id)).toBeNull();
        expect((await store.deliveries.claimDue('w', T0, 60_000, 10)).map((d) => d.eventId)).toEqual([bodies[winner.hash].id]);
      });

      it('stores an event id sent to two instances at once only once', async () => {
        const first = newEvent();
        const copies = Array.from({ length: 6 }, (_, i) => (i === 0 ? first : { ...newEvent(), registerEventId: first.registerEventId, contentHash: first.contentHash }));
        const results = await Promise.all(copies.map((e, i) => (i % 2 ? other : store).events.ingestEvent(e)));
        const created = results.filter((r) => r.kind === 'created');
        expect(created).toHaveLength(1);
        const id = created[0]?.kind === 'created' ? created[0].event.id : '';
        expect(results.filter((r) => r.kind === 'duplicate' && r.event.id === id)).toHaveLength(5);
        expect((await store.deliveries.claimDue('w', T0, 60_000, 10)).map((d) => d.eventId)).toEqual([id]);
      });

      it('keeps each person in order while two workers claim and deliver at once', async () => {
        const people = ['p1', 'p2', 'p3'];
        const events = people.flatMap((personKey) => Array.from({ length: 8 }, () => newEvent({ personKey })));
        // posted in a scrambled order: the order is the order of occurredAt
        for (const e of [...events].sort((x, y) => x.delivery.messageId.localeCompare(y.delivery.messageId))) await store.events.ingestEvent(e);
        const personOf = new Map(events.map((e) => [e.id, e.personKey]));
        const inFlight = new Set<string>();
        const delivered: string[] = [];
        const work = async (s: Store, owner: string) => {
          for (let round = 0; round < 200 && delivered.length < events.length; round++) {
            const claimed = await s.deliveries.claimDue(owner, T0, 60_000, 2);
            await Promise.all(
              claimed.map(async (d) => {
                const person = personOf.get(d.eventId) as string;
                expect(inFlight.has(person), `two deliveries of ${person} at once`).toBe(false);
                inFlight.add(person);
                await sleep(Math.floor(Math.random() * 3));
                delivered.push(d.eventId);
                const receipt = { number: 'R', status: 'ACCEPTED', registeredAt: 'x' };
                expect(await s.deliveries.recordAttempt(d.id, owner, { ...attempt(1, 'delivered'), httpStatus: 200, errorClass: null }, { status: 'delivered', receipt }, T0)).toBe(true);
                inFlight.delete(person);
              }),
            );
            if (claimed.length === 0) await sleep(1);
          }
        };
        await Promise.all([work(store, 'w1'), work(other, 'w2')]);
        expect(delivered).toHaveLength(events.length);
        for (const person of people) {
          expect(delivered.filter((id) => personOf.get(id) === person)).toEqual(events.filter((e) => e.personKey === person).map((e) => e.id));
        }
      });
    });

    describe('final outcomes from ЄДДР', () => {
      const evidence = (eventId: string) => (head: ChainHead | null) =>
        linkEntry({ at: T0, eventId, messageId: 'm', attempt: 0, outcome: 'outcome', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
      const outcome = (eventId: string, messageId: string, over: Partial<FinalOutcome> = {}): FinalOutcome => ({
        outcomeId: uuidv7(),
        messageId,
        gatewayEventId: eventId,
        receiptNumber: 'DMS-20261123-000001',
        decidedAt: '2026-11-23T12:00:03+02:00',
        decision: { kind: 'registered', recordRef: 'EDDR-20261123-0000001' },
        ...over,
      });
      const delivered = async (e: NewEvent) => {
        await store.events.ingestEvent(e);
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
        const receipt = { number: 'DMS-20261123-000001', status: 'ACCEPTED', registeredAt: 'x' };
        await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1, 'delivered'), httpStatus: 200, errorClass: null, messageId: d!.messageId }, { status: 'delivered', receipt }, T0 + 1);
        return d!;
      };

      it('shows a delivered event as registered, once per outcome, with its evidence entry', async () => {
        const e = newEvent();
        const d = await delivered(e);
        const o = outcome(e.id, d.messageId);
        expect(await store.outcomes.recordOutcome(o, T0 + 5, evidence)).toEqual({ kind: 'stored', eventId: e.id, current: true });
        const view = await store.events.getEvent(e.id);
        expect(view).toMatchObject({ status: 'registered', delivery: { status: 'delivered' } });
        expect(view?.outcome).toEqual({ outcomeId: o.outcomeId, kind: 'registered', receiptNumber: o.receiptNumber, recordRef: 'EDDR-20261123-0000001', code: null, reason: null, decidedAt: o.decidedAt, receivedAt: T0 + 5 });
        // The same outcome again, or another one for the same message: nothing changes, no new evidence.
        expect(await store.outcomes.recordOutcome(o, T0 + 6, evidence)).toEqual({ kind: 'repeated', eventId: e.id });
        const refusal = outcome(e.id, d.messageId, { decision: { kind: 'refused', code: 'RECORD_CONFLICT', reason: 'r' } });
        expect(await store.outcomes.recordOutcome(refusal, T0 + 7, evidence)).toEqual({ kind: 'repeated', eventId: e.id });
        expect((await store.events.getEvent(e.id))?.outcome?.kind).toBe('registered');
        expect((await store.evidence.evidenceForEvent(e.id)).map((x) => x.attempt)).toEqual([0]);
        expect(await store.log.countByStatusFor(null)).toMatchObject({ registered: 1, delivered: 0 });
        expect((await store.log.listLog({ status: 'registered' }, null, 10)).map((r) => r.id)).toEqual([e.id]);
        expect(await store.log.listLog({ status: 'delivered' }, null, 10)).toEqual([]);
      });

      it('shows a refusal, which does not hold back the person\'s later events', async () => {
        const first = newEvent({ personKey: 'p' });
        const second = newEvent({ personKey: 'p' });
        const d = await delivered(first);
        await store.events.ingestEvent(second);
        const refused = outcome(first.id, d.messageId, { decision: { kind: 'refused', code: 'RECORD_CONFLICT', reason: 'Запис суперечить наявному' } });
        await store.outcomes.recordOutcome(refused, T0 + 5, evidence);
        expect(await store.events.getEvent(first.id)).toMatchObject({ status: 'refused', outcome: { kind: 'refused', code: 'RECORD_CONFLICT', recordRef: null } });
        expect((await store.events.getEvent(second.id))?.status).toBe('accepted');
        expect((await store.deliveries.claimDue('w', T0 + 6, 60_000, 10)).map((x) => x.eventId)).toEqual([second.id]);
        expect((await store.log.listLog({ status: 'refused' }, null, 10)).map((r) => r.id)).toEqual([first.id]);
      });

      it('counts by status exactly as the log shows each event (outcomes, blocked, waiting), for all and for a register', async () => {
        const [registered, refused, plain] = [newEvent(), newEvent(), newEvent()];
        for (const [e, kind] of [[registered, 'registered'], [refused, 'refused'], [plain, null]] as const) {
          const d = await delivered(e);
          if (kind === 'registered') await store.outcomes.recordOutcome(outcome(e.id, d.messageId), T0 + 5, evidence);
          if (kind === 'refused') await store.outcomes.recordOutcome(outcome(e.id, d.messageId, { decision: { kind: 'refused', code: 'C', reason: 'r' } }), T0 + 5, evidence);
        }
        const [bad, behind, waiting] = [newEvent({ personKey: 'b' }), newEvent({ personKey: 'b' }), newEvent()];
        for (const e of [bad, behind, waiting]) await store.events.ingestEvent(e);
        const [d] = (await store.deliveries.claimDue('w', T0 + 2, 60_000, 10)).filter((x) => x.eventId === bad.id);
        await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1, 'rejected'), errorClass: 'business_rejection' }, { status: 'rejected', rejection: { code: 'X', reason: 'y' } }, T0 + 3);

        const tally = emptyCounts();
        for (const row of await store.log.listLog({}, null, 100)) tally[row.status]++;
        expect(tally).toMatchObject({ registered: 1, refused: 1, delivered: 1, rejected: 1, blocked: 1 });
        expect(await store.log.countByStatusFor(null)).toEqual(tally);
        expect(await store.log.countByStatusFor(register.id)).toEqual(tally);
        expect(await store.log.countByStatusFor(register.id, false)).toEqual(tally);
        expect(await store.log.countByStatusFor(null, true)).toEqual(emptyCounts());
      });

      it('refuses an outcome for a message no event carried, storing nothing', async () => {
        const e = newEvent();
        const d = await delivered(e);
        expect(await store.outcomes.recordOutcome(outcome(e.id, 'no-such-message'), T0, evidence)).toEqual({ kind: 'message_unknown' });
        // A real message, but named for another event.
        expect(await store.outcomes.recordOutcome(outcome(uuidv7(), d.messageId), T0, evidence)).toEqual({ kind: 'message_unknown' });
        expect(await store.outcomes.outcomeOfMessage(d.messageId)).toBeNull();
        expect(await store.evidence.evidenceForEvent(e.id)).toEqual([]);
      });

      it('keeps an outcome for a superseded message without changing the event', async () => {
        const e = newEvent();
        await store.events.ingestEvent(e);
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
        const retired = { ...attempt(1, 'rejected'), messageId: d!.messageId, contract: 'dms-registration-v1' };
        await store.deliveries.recordAttempt(d!.id, 'w', retired, { status: 'retrying', nextAttemptAt: T0 + 1, error: 'CONTRACT_VERSION_RETIRED', remap: { contract: 'dms-registration-v2', messageId: 'remade' } }, T0 + 1);
        expect(await store.outcomes.recordOutcome(outcome(e.id, d!.messageId), T0 + 2, evidence)).toEqual({ kind: 'stored', eventId: e.id, current: false });
        expect(await store.events.getEvent(e.id)).toMatchObject({ status: 'retrying', outcome: null });
        expect(await store.outcomes.outcomesOfEvent(e.id)).toHaveLength(1);
      });

      it('counts an outcome that came before the acknowledgement once the message is delivered', async () => {
        const e = newEvent();
        await store.events.ingestEvent(e);
        const [d] = await store.deliveries.claimDue('w', T0, 60_000, 1);
        await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1), messageId: d!.messageId }, { status: 'retrying', nextAttemptAt: T0 + 1, error: 'lost answer' }, T0 + 1);
        expect(await store.outcomes.recordOutcome(outcome(e.id, d!.messageId), T0 + 2, evidence)).toMatchObject({ kind: 'stored', current: true });
        expect((await store.events.getEvent(e.id))?.status).toBe('retrying');
        const [again] = await store.deliveries.claimDue('w', T0 + 3, 60_000, 1);
        await store.deliveries.recordAttempt(again!.id, 'w', { ...attempt(2, 'delivered'), httpStatus: 200, errorClass: null }, { status: 'delivered', receipt: { number: 'R', status: 'DUPLICATE', registeredAt: 'x' } }, T0 + 4);
        expect((await store.events.getEvent(e.id))?.status).toBe('registered');
      });
    });

    it('keeps operators by token hash', async () => {
      expect(await store.access.countOperators()).toBe(0);
      await store.access.createOperator({ id: 'op-1', name: 'Черговий', role: 'operator', createdAt: T0, tokenHash: 'th' });
      expect(await store.access.findOperatorByTokenHash('th')).toEqual({ id: 'op-1', name: 'Черговий', role: 'operator', createdAt: T0 });
      expect(await store.access.findOperatorByTokenHash('other')).toBeNull();
      expect(await store.access.countOperators()).toBe(1);
    });
  });
}

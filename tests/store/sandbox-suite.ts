// The sandbox on every store: a register's test key belongs to its sandbox twin, whose events are
// marked, kept apart from the live ones (event ids, idempotency keys, person queues, lists) and
// claimed with the live register's code and the sandbox mark the worker routes by.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEntry, linkEntry } from '../../src/evidence/chain.ts';
import { uuidv7 } from '../../src/ids.ts';
import type { NewEvent } from '../../src/store/events.ts';
import type { Store } from '../../src/store/open-store.ts';

export function describeSandboxStore(name: string, open: () => Promise<Store>): void {
  describe(`Sandbox: ${name}`, () => {
    let store: Store;
    const T0 = Date.parse('2026-11-23T10:00:00Z');
    const live = { id: 'reg-1', code: '26376375', name: 'Демо', createdAt: T0, apiKeyHash: 'live-key' };
    let twinId: string;

    beforeEach(async () => {
      store = await open();
      await store.access.createRegister(live);
      twinId = uuidv7();
      expect(await store.access.createSandboxRegister('26376375', { id: twinId, apiKeyHash: 'test-key', createdAt: T0 })).toBe(true);
    });
    afterEach(async () => {
      await store.close();
    });

    const newEvent = (registerId: string, over: Partial<NewEvent> = {}): NewEvent => ({
      id: uuidv7(),
      registerId,
      registerEventId: 'BC-1',
      type: 'residence.registered',
      occurredAt: '2026-11-20T10:15:00+02:00',
      occurredAtMs: Date.parse('2026-11-20T08:15:00Z'),
      personKey: 'person-1',
      contentHash: 'content-1',
      payload: '{"eventId":"BC-1"}',
      warnings: [],
      receivedAt: T0,
      delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
      sandbox: registerId !== live.id,
      ...over,
    });

    it('finds the test key as the twin, under the live code and name; one twin per register', async () => {
      expect(await store.access.findRegisterByKeyHash('test-key', T0)).toEqual({ id: twinId, code: '26376375', name: 'Демо', createdAt: T0, sandboxOf: 'reg-1' });
      expect(await store.access.findRegisterByKeyHash('live-key', T0)).toEqual({ id: 'reg-1', code: '26376375', name: 'Демо', createdAt: T0 });
      expect((await store.access.findRegisterById(twinId))?.sandboxOf).toBe('reg-1');
      expect(await store.access.createSandboxRegister('26376375', { id: uuidv7(), apiKeyHash: 'test-key-2', createdAt: T0 })).toBe(false);
      expect(await store.access.createSandboxRegister('99999999', { id: uuidv7(), apiKeyHash: 'test-key-3', createdAt: T0 })).toBe(false);
      expect(await store.access.registerCodes()).toEqual(new Map([['reg-1', '26376375'], [twinId, '26376375']]));
    });

    it('rotates and revokes the test key alone; revoking the register revokes its test key too', async () => {
      expect(await store.access.rotateRegisterKey('test:26376375', { newHash: 'test-key-2', overlapMs: 0, now: T0 })).toBe(true);
      expect(await store.access.findRegisterByKeyHash('test-key', T0)).toBeNull();
      expect((await store.access.findRegisterByKeyHash('test-key-2', T0))?.sandboxOf).toBe('reg-1');
      expect(await store.access.revokeRegister('test:26376375', T0)).toBe(true);
      expect(await store.access.findRegisterByKeyHash('test-key-2', T0)).toBeNull();
      expect((await store.access.findRegisterByKeyHash('live-key', T0))?.id).toBe('reg-1');

      await store.access.rotateRegisterKey('test:26376375', { newHash: 'test-key-3', overlapMs: 0, now: T0 });
      await store.access.createSession({ idHash: 's-twin', principalKind: 'register', principalId: twinId, createdAt: T0, lastSeenAt: T0, expiresAt: T0 + 1000 });
      expect(await store.access.revokeRegister('26376375', T0)).toBe(true);
      expect(await store.access.findRegisterByKeyHash('live-key', T0)).toBeNull();
      expect(await store.access.findRegisterByKeyHash('test-key-3', T0)).toBeNull();
      expect(await store.access.findSession('s-twin')).toBeNull();
    });

    it('keeps the same event id apart in live and sandbox, marks the sandbox one, and lists by side', async () => {
      const liveEvent = await store.events.ingestEvent(newEvent(live.id));
      const testEvent = await store.events.ingestEvent(newEvent(twinId, { contentHash: 'other content' }));
      expect(liveEvent.kind).toBe('created');
      expect(testEvent.kind).toBe('created');
      if (liveEvent.kind !== 'created' || testEvent.kind !== 'created') return;
      expect(liveEvent.event.sandbox).toBe(false);
      expect(testEvent.event.sandbox).toBe(true);
      expect((await store.events.getEvent(testEvent.event.id))?.sandbox).toBe(true);

      const ids = async (filter: Parameters<Store['log']['listLog']>[0]) => (await store.log.listLog(filter, null, 10)).map((r) => [r.id, r.registerCode, r.sandbox]);
      expect(await ids({ sandbox: true })).toEqual([[testEvent.event.id, '26376375', true]]);
      expect(await ids({ sandbox: false })).toEqual([[liveEvent.event.id, '26376375', false]]);
      expect(await ids({ registerId: twinId })).toEqual([[testEvent.event.id, '26376375', true]]);
      expect(await ids({ registerCode: '26376375' })).toHaveLength(2);
      expect(await store.log.countLog({ sandbox: true })).toBe(1);
    });

    it('queues a sandbox event apart from the same person\'s live events, and claims it marked with the live code', async () => {
      // The live event is leased (in flight): a person's later live event would wait, a sandbox one does not.
      const liveEvent = await store.events.ingestEvent(newEvent(live.id));
      const [claimedLive] = await store.deliveries.claimDue('w', T0, 60_000, 10);
      expect(claimedLive?.sandbox).toBeUndefined();
      const testEvent = await store.events.ingestEvent(newEvent(twinId, { occurredAtMs: Date.parse('2026-11-20T09:00:00Z') }));
      const claimed = await store.deliveries.claimDue('w', T0, 60_000, 10);
      expect(claimed.map((d) => [d.eventId, d.registerCode, d.sandbox])).toEqual([[testEvent.kind === 'created' ? testEvent.event.id : '', '26376375', true]]);
      expect(liveEvent.kind).toBe('created');
    });

    it('marks a sandbox exchange in the evidence log, inside the hash chain', async () => {
      const exchange = { at: T0, eventId: 'e', messageId: 'm', attempt: 1, outcome: 'delivered', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: null, responseDigest: null, responseBody: null };
      const first = await store.evidence.appendEvidence((head) => linkEntry(exchange, head));
      const second = await store.evidence.appendEvidence((head) => linkEntry({ ...exchange, sandbox: true }, head));
      const [a, b] = await store.evidence.evidenceChain(0, 10);
      expect(a?.sandbox).toBeUndefined();
      expect(b?.sandbox).toBe(true);
      expect(b?.entryHash).toBe(second.entryHash);
      expect(a?.entryHash).toBe(first.entryHash);
      // The mark is covered by the hash: removing it breaks the entry.
      expect(checkEntry({ ...(b as NonNullable<typeof b>), sandbox: false, purgedAt: T0 }, a as NonNullable<typeof a>)?.problem).toBe('entry_hash');
    });
  });
}

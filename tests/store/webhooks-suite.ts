// The webhooks store on every database: endpoints and their secrets, the outbox written in the
// delivery's own transaction, claims (order per person, a bound per endpoint, leases), attempts,
// resends, and the automatic disabling of an endpoint that keeps failing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/delivery/model/actors.ts';
import type { AttemptRecord } from '../../src/delivery/model/attempt-record.ts';
import { uuidv7 } from '../../src/ids.ts';
import { linkEntry } from '../../src/evidence/chain.ts';
import type { ChainHead } from '../../src/store/evidence.ts';
import type { NewEvent } from '../../src/store/events.ts';
import type { Store } from '../../src/store/open-store.ts';
import type { WebhookEventType } from '../../src/webhooks/model.ts';

/** `openSecond`: another connection to the database the last `open` made, as a second instance. */
export function describeWebhooksStore(name: string, open: () => Promise<Store>, openSecond?: () => Promise<Store>): void {
  describe(`Webhooks store: ${name}`, () => {
    let store: Store;
    const T0 = Date.parse('2026-11-23T10:00:00Z');
    const reg = { id: 'reg-1', code: '26376375', name: 'Демо', createdAt: T0, apiKeyHash: 'hash-1' };
    const other = { id: 'reg-2', code: '11111111', name: 'Інший', createdAt: T0, apiKeyHash: 'hash-2' };
    const actor: Actor = { kind: 'register', id: reg.id, code: reg.code };
    let n = 0;

    beforeEach(async () => {
      store = await open();
      await store.access.createRegister(reg);
      await store.access.createRegister(other);
    });
    afterEach(async () => {
      await store.close();
    });

    const endpoint = async (types: WebhookEventType[] = ['event.delivered', 'event.rejected', 'event.failed', 'event.blocked'], registerId = reg.id) =>
      store.webhooks.createEndpoint({ id: `ep_${++n}`, registerId, url: `https://hooks.example/${n}`, description: null, eventTypes: types, secret: `whsec_secret${n}` }, actor, T0);

    const notify = (personKey: string | null, registerId = reg.id, type: WebhookEventType = 'event.delivered') =>
      store.db.transaction((tx) => store.webhooks.enqueue(tx, { registerId, type, personKey, data: { eventId: `e-${++n}`, status: 'delivered' } }, T0));

    const newEvent = (personKey: string, at: number): NewEvent => ({
      id: uuidv7(),
      registerId: reg.id,
      registerEventId: `BC-${uuidv7()}`,
      type: 'residence.registered',
      occurredAt: new Date(at).toISOString(),
      occurredAtMs: at,
      personKey,
      contentHash: 'c',
      payload: '{}',
      warnings: [],
      receivedAt: T0,
      delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
    });
    const attempt: AttemptRecord = { number: 1, startedAt: T0, durationMs: 5, outcome: 'rejected', httpStatus: 500, errorClass: 'business_rejection', detail: 'x', responseExcerpt: null, messageId: null, contract: null };
    const failedAttempt = (number: number) => ({ number, startedAt: T0, durationMs: 3, outcome: 'failed' as const, httpStatus: 503, error: 'http_503' });

    it('keeps endpoints per register, with their types and without their secrets', async () => {
      const a = await endpoint(['event.failed', 'event.delivered']);
      await endpoint(['event.failed'], other.id);
      expect(a).toMatchObject({ registerCode: reg.code, eventTypes: ['event.delivered', 'event.failed'], enabled: true });
      expect(JSON.stringify(a)).not.toContain('whsec_');
      expect((await store.webhooks.listEndpoints(reg.id)).map((e) => e.id)).toEqual([a.id]);
      expect(await store.webhooks.listEndpoints(null)).toHaveLength(2);
      expect(await store.webhooks.endpoint(a.id, other.id)).toBeNull();
      const audit = await store.audit.auditPage(null, 10);
      expect(audit.map((e) => e.action)).toContain('webhook_endpoint_create');
    });

    it('writes one message per enabled endpoint subscribed to the type, of that register only', async () => {
      const a = await endpoint(['event.delivered']);
      await endpoint(['event.failed']);
      await endpoint(['event.delivered'], other.id);
      const off = await endpoint(['event.delivered']);
      await store.webhooks.updateEndpoint(off.id, reg.id, { enabled: false }, actor, T0);
      expect(await notify('p1')).toBe(1);
      const [m] = await store.webhooks.messages(a.id, 10);
      expect(m).toMatchObject({ type: 'event.delivered', status: 'pending', attempts: 0 });
      const [claimed] = await store.webhooks.claimDue('w', T0, 60_000, 10, 2);
      expect(JSON.parse(claimed!.payload)).toEqual({ type: 'event.delivered', timestamp: new Date(T0).toISOString(), data: { eventId: expect.any(String), status: 'delivered' } });
    });

    it('enqueues the delivery outcome in the delivery’s transaction, and event.blocked for the person’s later events', async () => {
      await endpoint();
      const first = newEvent('person-a', T0 - 2000);
      const later = newEvent('person-a', T0 - 1000);
      const unrelated = newEvent('person-b', T0 - 500);
      for (const e of [first, later, unrelated]) await store.events.ingestEvent(e);
      const claimed = await store.deliveries.claimDue('w', T0, 60_000, 10);
      const head = claimed.find((d) => d.eventId === first.id)!;
      await store.deliveries.recordAttempt(head.id, 'w', attempt, { status: 'rejected', rejection: { code: 'DMS-0042', reason: 'Прізвище…' } }, T0);
      const [ep] = await store.webhooks.listEndpoints(reg.id);
      const sent = await store.webhooks.claimDue('hooks', T0, 60_000, 10, 10);
      const payloads = sent.map((m) => JSON.parse(m.payload) as { type: string; data: Record<string, unknown> });
      expect(payloads.map((p) => p.type).sort()).toEqual(['event.rejected']);
      expect(payloads[0]!.data).toEqual({ eventId: first.id, registerEventId: first.registerEventId, messageId: first.delivery.messageId, status: 'rejected', rejectionCode: 'DMS-0042' });
      // the blocked message is the same person's, so it waits behind the rejection on this endpoint
      const all = await store.webhooks.messages(ep!.id, 10);
      expect(all.map((m) => m.type).sort()).toEqual(['event.blocked', 'event.rejected']);
      await store.webhooks.recordAttempt(sent[0]!, 'hooks', { ...failedAttempt(1), outcome: 'delivered', httpStatus: 204, error: null }, { status: 'delivered' }, T0, 1000);
      const [blocked] = await store.webhooks.claimDue('hooks', T0, 60_000, 10, 10);
      expect(JSON.parse(blocked!.payload).data).toEqual({ eventId: later.id, registerEventId: later.registerEventId, status: 'blocked', blockedBy: first.id });
      // the reason text of DMS (it may quote the person) is in no payload
      expect(JSON.stringify(payloads)).not.toContain('Прізвище');
    });

    it('claims in order per person on one endpoint, and no more per endpoint than allowed', async () => {
      const a = await endpoint(['event.delivered']);
      await notify('p1');
      await notify('p1');
      await notify('p2');
      await notify('p3');
      const first = await store.webhooks.claimDue('w1', T0, 60_000, 10, 2);
      // p1's second message waits for its first; the endpoint holds two at most
      expect(first).toHaveLength(2);
      expect(await store.webhooks.claimDue('w2', T0, 60_000, 10, 2)).toEqual([]);
      const b = await endpoint(['event.delivered']);
      expect(b.id).not.toBe(a.id);
      await notify('p9');
      // another endpoint's message is claimed while the first endpoint is full
      const more = await store.webhooks.claimDue('w2', T0, 60_000, 10, 2);
      expect(more.map((m) => m.endpointId)).toEqual([b.id]);
      // a lease that ran out is claimed again
      expect((await store.webhooks.claimDue('w3', T0 + 60_000, 60_000, 10, 2)).length).toBeGreaterThan(0);
    });

    it.runIf(openSecond !== undefined)('two instances claiming at once never take the same message', async () => {
      const second = await (openSecond as () => Promise<Store>)();
      try {
        await endpoint(['event.delivered']);
        await endpoint(['event.delivered']);
        for (let i = 0; i < 20; i++) await notify(`p${i}`);
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : second).webhooks.claimDue(`w${i}`, T0, 60_000, 5, 100)),
        );
        // Claimers that chose the same message wait for each other; the loser skips it (claimed next round).
        const rest = await store.webhooks.claimDue('w-last', T0, 60_000, 100, 100);
        const ids = [...claims.flat(), ...rest].map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(40);
      } finally {
        await second.close();
      }
    });

    it('records attempts with the schedule, and a lost lease records nothing', async () => {
      const a = await endpoint(['event.delivered']);
      await notify('p1');
      const [m] = await store.webhooks.claimDue('w', T0, 60_000, 10, 2);
      expect(await store.webhooks.recordAttempt(m!, 'someone-else', failedAttempt(1), { status: 'pending', nextAttemptAt: T0 + 5000, error: 'http_503' }, T0, 1000)).toEqual({ recorded: false, disabled: false });
      expect((await store.webhooks.recordAttempt(m!, 'w', failedAttempt(1), { status: 'pending', nextAttemptAt: T0 + 5000, error: 'http_503' }, T0, 100_000)).recorded).toBe(true);
      expect(await store.webhooks.claimDue('w', T0 + 4999, 60_000, 10, 2)).toEqual([]);
      expect(await store.webhooks.nextDueAt()).toBe(T0 + 5000);
      expect(await store.webhooks.attempts(a.id, 10)).toEqual([{ messageId: m!.id, type: 'event.delivered', number: 1, startedAt: T0, durationMs: 3, outcome: 'failed', httpStatus: 503, error: 'http_503' }]);
      expect((await store.webhooks.endpoint(a.id, reg.id))?.failingSince).toBe(T0);
    });

    it('disables an endpoint failing for longer than allowed, with an audit entry; enabling starts afresh', async () => {
      const a = await endpoint(['event.delivered']);
      await notify('p1');
      const day = 86_400_000;
      let [m] = await store.webhooks.claimDue('w', T0, 60_000, 10, 2);
      expect((await store.webhooks.recordAttempt(m!, 'w', failedAttempt(1), { status: 'pending', nextAttemptAt: T0 + day, error: 'e' }, T0, 2 * day)).disabled).toBe(false);
      [m] = await store.webhooks.claimDue('w', T0 + 2 * day, 60_000, 10, 2);
      expect((await store.webhooks.recordAttempt(m!, 'w', failedAttempt(2), { status: 'pending', nextAttemptAt: T0 + 3 * day, error: 'e' }, T0 + 2 * day, 2 * day)).disabled).toBe(true);
      expect(await store.webhooks.endpoint(a.id, null)).toMatchObject({ enabled: false, disabledReason: 'failing', disabledAt: T0 + 2 * day });
      expect((await store.webhooks.disabledForFailing()).map((e) => e.id)).toEqual([a.id]);
      expect((await store.audit.auditPage(null, 1))[0]).toMatchObject({ actor: 'system', action: 'webhook_endpoint_auto_disable', detail: { endpointId: a.id, failingSince: T0 } });
      // a disabled endpoint is not claimed, nor written to
      expect(await store.webhooks.claimDue('w', T0 + 4 * day, 60_000, 10, 2)).toEqual([]);
      expect(await notify('p2')).toBe(0);
      const enabled = await store.webhooks.updateEndpoint(a.id, reg.id, { enabled: true }, actor, T0 + 4 * day);
      expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
      expect(await store.webhooks.claimDue('w', T0 + 4 * day, 60_000, 10, 2)).toHaveLength(1);
    });

    it('signs with both secrets while a rotation overlaps, with the new one alone after', async () => {
      const a = await endpoint();
      expect(await store.webhooks.signingSecrets(a.id, T0)).toEqual([`whsec_secret${n}`]);
      const rotated = await store.webhooks.rotateSecret(a.id, reg.id, 'whsec_new', 1000, actor, T0);
      expect(rotated?.previousSecretExpiresAt).toBe(T0 + 1000);
      expect(await store.webhooks.signingSecrets(a.id, T0 + 999)).toEqual(['whsec_new', `whsec_secret${n}`]);
      expect(await store.webhooks.signingSecrets(a.id, T0 + 1000)).toEqual(['whsec_new']);
      expect(await store.webhooks.rotateSecret(a.id, other.id, 'whsec_x', 1000, actor, T0)).toBeNull();
      // at rest (the suite's stores run with a data key), neither secret is stored in clear
      const raw = await store.db.one(`SELECT secret, previous_secret FROM webhook_endpoints WHERE id = :id`, { id: a.id });
      expect(String(raw?.secret)).not.toContain('whsec_');
      expect(String(raw?.previous_secret)).not.toContain('whsec_');
    });

    it('enqueues event.registered / event.refused when DMS’s final outcome of the event’s message is stored', async () => {
      await endpoint(['event.registered', 'event.refused']);
      const registered = newEvent('person-r', T0 - 3000);
      const refused = newEvent('person-s', T0 - 2000);
      for (const e of [registered, refused]) await store.events.ingestEvent(e);
      for (const d of await store.deliveries.claimDue('w', T0, 60_000, 10)) {
        const ack = { ...attempt, outcome: 'delivered' as const, httpStatus: 200, errorClass: null, detail: null, messageId: d.messageId };
        await store.deliveries.recordAttempt(d.id, 'w', ack, { status: 'delivered', receipt: { number: 'DMS-1', status: 'ACCEPTED', registeredAt: 'x' } }, T0);
      }
      const evidence = (eventId: string) => (head: ChainHead | null) =>
        linkEntry({ at: T0, eventId, messageId: 'm', attempt: 0, outcome: 'outcome', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
      const base = { receiptNumber: 'DMS-1', decidedAt: '2026-11-23T12:00:03+02:00' };
      await store.outcomes.recordOutcome({ ...base, outcomeId: uuidv7(), messageId: registered.delivery.messageId, gatewayEventId: registered.id, decision: { kind: 'registered', recordRef: 'EDDR-1' } }, T0 + 1, evidence);
      await store.outcomes.recordOutcome({ ...base, outcomeId: uuidv7(), messageId: refused.delivery.messageId, gatewayEventId: refused.id, decision: { kind: 'refused', code: 'RECORD_CONFLICT', reason: 'Шевчук вже є' } }, T0 + 1, evidence);
      const sent = await store.webhooks.claimDue('hooks', T0 + 1, 60_000, 10, 10);
      const payloads = sent.map((m) => JSON.parse(m.payload) as { type: string; data: Record<string, unknown> }).sort((a, b) => a.type.localeCompare(b.type));
      expect(payloads).toMatchObject([
        { type: 'event.refused', data: { eventId: refused.id, status: 'refused', refusalCode: 'RECORD_CONFLICT' } },
        { type: 'event.registered', data: { eventId: registered.id, status: 'registered', recordRef: 'EDDR-1' } },
      ]);
      expect(JSON.stringify(payloads)).not.toContain('Шевчук');
    });

    it('writes event.registered after event.delivered when DMS decided before the acknowledgement was recorded', async () => {
      await endpoint(['event.delivered', 'event.registered']);
      const e = newEvent('person-early', T0 - 3000);
      await store.events.ingestEvent(e);
      const [d] = await store.deliveries.claimDue('w', T0, 60_000, 10);
      const evidence = (eventId: string) => (head: ChainHead | null) =>
        linkEntry({ at: T0, eventId, messageId: 'm', attempt: 0, outcome: 'outcome', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
      // The outcome arrives while the attempt is still in flight: nothing is written for it yet.
      const early = await store.outcomes.recordOutcome(
        { receiptNumber: 'DMS-1', decidedAt: '2026-11-23T12:00:03+02:00', outcomeId: uuidv7(), messageId: e.delivery.messageId, gatewayEventId: e.id, decision: { kind: 'registered', recordRef: 'EDDR-9' } },
        T0 + 1,
        evidence,
      );
      expect(early).toMatchObject({ kind: 'stored', current: true });
      expect(await store.webhooks.claimDue('hooks', T0 + 1, 60_000, 10, 10)).toEqual([]);
      const ack = { ...attempt, outcome: 'delivered' as const, httpStatus: 200, errorClass: null, detail: null, messageId: d!.messageId };
      await store.deliveries.recordAttempt(d!.id, 'w', ack, { status: 'delivered', receipt: { number: 'DMS-1', status: 'ACCEPTED', registeredAt: 'x' } }, T0 + 2);
      const sent = await store.webhooks.claimDue('hooks', T0 + 2, 60_000, 10, 10);
      // One person on one endpoint: the first is claimed alone; its follower after it is done.
      expect(sent.map((m) => m.type)).toEqual(['event.delivered']);
      // Newest first: the outcome was written after the delivery.
      const all = await store.webhooks.messages((await store.webhooks.listEndpoints(reg.id))[0]!.id, 10);
      expect(all.map((m) => m.type)).toEqual(['event.registered', 'event.delivered']);
    });

    it('enqueues notice.created for the register a DMS notice is routed to, in the routing’s transaction', async () => {
      const a = await endpoint(['notice.created']);
      const receipt = await store.notices.receive({
        noticeId: `N-${uuidv7()}`,
        kind: 'person_died',
        person: { unzr: null, rnokpp: null, lastName: 'Шевчук', firstName: 'Петро', patronymic: null, birthDate: '1955-02-12' },
        katottg: null,
        occurredOn: '2026-10-27',
        document: null,
        issuedAt: '2026-10-28T09:00:00+02:00',
        messageXml: '<Notice/>',
        signer: 'CN=DMS dev',
      });
      // unrouted (no territory): nothing yet; routed by an operator: one message, without the person
      expect(await store.webhooks.messages(a.id, 10)).toEqual([]);
      await store.notices.route(receipt.id, { id: reg.id, code: reg.code }, 'operator:duty', 'за адресою', T0);
      const [m] = await store.webhooks.claimDue('w', Date.now() + 1000, 60_000, 10, 10);
      expect(JSON.parse(m!.payload)).toMatchObject({ type: 'notice.created', data: { noticeId: receipt.id, kind: 'person_died', status: 'routed' } });
      expect(m!.payload).not.toContain('Шевчук');
    });

    it('resends a message that failed, and deletes an endpoint with its messages', async () => {
      const a = await endpoint(['event.delivered']);
      await notify('p1');
      const [m] = await store.webhooks.claimDue('w', T0, 60_000, 10, 2);
      // in flight: not resent
      expect(await store.webhooks.resend(a, m!.id, actor, T0)).toBe(false);
      await store.webhooks.recordAttempt(m!, 'w', failedAttempt(1), { status: 'failed', error: 'http_503' }, T0, 100 * T0);
      expect(await store.webhooks.claimDue('w', T0 + 1, 60_000, 10, 2)).toEqual([]);
      expect(await store.webhooks.resend(a, m!.id, actor, T0 + 1)).toBe(true);
      const [again] = await store.webhooks.claimDue('w', T0 + 1, 60_000, 10, 2);
      expect(again).toMatchObject({ id: m!.id, attempts: 1, scheduleBase: 1 });
      // retention: finished messages older than the cut-off go with their attempts; pending ones stay
      await store.webhooks.recordAttempt(again!, 'w', failedAttempt(2), { status: 'failed', error: 'http_503' }, T0 + 2, 100 * T0);
      await notify('p2');
      expect(await store.webhooks.purgeFinished(T0 + 3)).toBe(1);
      expect((await store.webhooks.messages(a.id, 10)).map((x) => x.status)).toEqual(['pending']);
      expect(await store.webhooks.attempts(a.id, 10)).toEqual([]);
      expect(await store.webhooks.deleteEndpoint(a.id, other.id, actor, T0)).toBe(false);
      expect(await store.webhooks.deleteEndpoint(a.id, reg.id, actor, T0)).toBe(true);
      expect(await store.webhooks.listEndpoints(reg.id)).toEqual([]);
    });
  });
}

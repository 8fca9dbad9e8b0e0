// One person's long queue against as many distinct people, at the store itself (no HTTP, no DMS):
// events ingested (16 at a time, each durable), then claimed one by one and recorded delivered, the
// worker's store work per message. One person's events go out one after another by design (order per
// person), so the figure compares the store's cost per event, which must not grow with the queue.
import { uuidv7 } from '../../src/ids.ts';
import type { NewEvent } from '../../src/store/events.ts';
import type { Store } from '../../src/store/open-store.ts';

export interface PersonQueueRun {
  ingestPerSecond: number;
  deliverPerSecond: number;
}

const T0 = Date.parse('2026-11-23T10:00:00Z');
const receipt = { number: 'R', status: 'ACCEPTED', registeredAt: '2026-11-23T10:00:00Z' };

export async function measurePersonQueue(store: Store, n: number, onePerson: boolean): Promise<PersonQueueRun> {
  const register = { id: `reg-${uuidv7()}`, code: String(10_000_000 + Math.floor(Math.random() * 89_999_999)), name: 'bench', createdAt: T0, apiKeyHash: uuidv7() };
  await store.access.createRegister(register);
  const person = `bench-person-${uuidv7()}`;
  const event = (i: number): NewEvent => ({
    id: uuidv7(),
    registerId: register.id,
    registerEventId: `BENCH-${i}`,
    type: 'residence.registered',
    occurredAt: '2026-11-20T10:15:00+02:00',
    occurredAtMs: Date.parse('2026-11-20T08:15:00Z') + i,
    personKey: onePerson ? person : `${person}-${i}`,
    contentHash: 'c',
    payload: '{}',
    warnings: [],
    receivedAt: T0,
    delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
  });

  let started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) await store.events.ingestEvent(event(next++));
    }),
  );
  const ingestPerSecond = n / ((performance.now() - started) / 1000);

  started = performance.now();
  let delivered = 0;
  while (delivered < n) {
    const [claimed] = await store.deliveries.claimDue('bench', T0 + 1, 60_000, 1);
    if (!claimed) throw new Error(`nothing due after ${delivered} of ${n}`);
    const attempt = { number: 1, startedAt: T0, durationMs: 1, outcome: 'delivered' as const, httpStatus: 200, errorClass: null, detail: null, responseExcerpt: null, messageId: claimed.messageId, contract: claimed.contract };
    await store.deliveries.recordAttempt(claimed.id, 'bench', attempt, { status: 'delivered', receipt }, T0 + 1);
    delivered++;
  }
  return { ingestPerSecond, deliverPerSecond: n / ((performance.now() - started) / 1000) };
}

// Order per person, as SQL both dialects share, built from the rule's statuses in
// delivery/model/status.ts. `d` is the deliveries row in question, `p` another delivery of the same person.
import { BLOCKING_STATUSES, PENDING_STATUSES, SETTLED_STATUSES, type DeliveryStatus } from '../../delivery/model/status.ts';
import type { Queryable } from '../db/database.ts';

const list = (statuses: readonly DeliveryStatus[]): string => statuses.map((s) => `'${s}'`).join(', ');

/** Not yet settled; written as in the partial index deliveries_person_unsettled, so both stores use it. */
const UNSETTLED = `p.status NOT IN (${list(SETTLED_STATUSES)})`;

/** An earlier event of the same person, in the order the register(s) produced them. */
const EARLIER = `p.person_key = d.person_key
       AND (p.occurred_at_ms < d.occurred_at_ms OR (p.occurred_at_ms = d.occurred_at_ms AND p.seq < d.seq))`;

/**
 * First in its person's queue: nothing earlier of the same person is unsettled. Kept as the
 * queue_head flag (see moveQueueHead), so a claim looks at heads only instead of checking every
 * candidate against the person's earlier deliveries.
 */
export const QUEUE_HEAD = `d.queue_head = 1`;

/**
 * The status a reader sees (visibleStatus): `blocked` when an earlier event of the person ended badly;
 * a delivered message's final outcome from DMS (outcomes, one per message) when it has come.
 */
/** Blocking and not settled (all of them are: the rule's statuses say so, and this keeps it exact if that changed). */
const BLOCKING_UNSETTLED = BLOCKING_STATUSES.filter((s) => !SETTLED_STATUSES.includes(s));

/**
 * A pending delivery shown as `blocked`: an earlier unsettled event of the person ended badly. Read
 * from the person's blocking deliveries (the partial index deliveries_blocking, almost always none),
 * not from all their earlier ones: the unary `+` keeps SQLite from range-scanning the person's whole
 * queue by occurred_at_ms instead, which made every ingest of a long queue cost its length.
 */
export const SHOWS_BLOCKED = `d.status IN (${list(PENDING_STATUSES)})
        AND EXISTS (SELECT 1 FROM deliveries p
                     WHERE p.person_key = d.person_key AND p.status IN (${list(BLOCKING_UNSETTLED)})
                       AND (+p.occurred_at_ms < d.occurred_at_ms OR (+p.occurred_at_ms = d.occurred_at_ms AND p.seq < d.seq)))`;

/** The people with a delivery that blocks (few): where `blocked` can be, read from the partial index deliveries_blocking. */
export const PEOPLE_WITH_BLOCKING = `SELECT DISTINCT b.person_key FROM deliveries b WHERE b.status IN (${list(BLOCKING_STATUSES)})`;

export const VISIBLE_STATUS = `CASE WHEN ${SHOWS_BLOCKED}
       THEN 'blocked'
       WHEN d.status = 'delivered' THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = d.message_id), d.status)
       ELSE d.status END`;

/** The earliest unsettled event of the person, which this one waits for: its id and its status. */
const FIRST_WAITED_FOR = `FROM deliveries p WHERE ${EARLIER} AND ${UNSETTLED}
        ORDER BY p.occurred_at_ms, p.seq LIMIT 1`;
export const WAITING_FOR_COLUMNS = `(SELECT p.event_id ${FIRST_WAITED_FOR}) AS waiting_for, (SELECT p.status ${FIRST_WAITED_FOR}) AS waiting_for_status`;

/** The person's earliest unsettled delivery: the one that should be the head. */
const FIRST_UNSETTLED = `(SELECT p.id FROM deliveries p WHERE p.person_key = :personKey AND ${UNSETTLED}
        ORDER BY p.occurred_at_ms, p.seq LIMIT 1)`;
const DROP_STALE_HEAD = `UPDATE deliveries SET queue_head = 0
   WHERE person_key = :personKey AND queue_head = 1 AND id IS NOT ${FIRST_UNSETTLED}`;
const DROP_STALE_HEAD_PG = DROP_STALE_HEAD.replace('id IS NOT', 'id IS DISTINCT FROM');
const MARK_HEAD = `UPDATE deliveries SET queue_head = 1 WHERE id = ${FIRST_UNSETTLED} AND queue_head = 0`;
/**
 * PostgreSQL: both in one statement. They read one snapshot, so both find the same first delivery,
 * and change different rows (the flag off everywhere else, on there).
 */
const MOVE_HEAD_PG = `WITH dropped AS (${DROP_STALE_HEAD_PG}) ${MARK_HEAD}`;

/**
 * PostgreSQL: one person's queue changes one transaction at a time across instances (two ingests of
 * the same person must not both become its head). Taken before any row lock of the transaction, so
 * it never waits on a row lock held by someone waiting for it.
 */
/** PostgreSQL's lock on one person's queue, the queue key given as SQL: every writer of the queue takes this one. */
export const personQueueLock = (queueKey: string): string => `pg_advisory_xact_lock(hashtext(${queueKey}))`;
const LOCK_PERSON = `SELECT ${personQueueLock(':personKey')}`;
const LOCK_PERSON_OF_DELIVERY = `SELECT ${personQueueLock('person_key')} FROM deliveries WHERE id = :id`;
const LOCK_PERSON_OF_EVENT = `SELECT ${personQueueLock('person_key')} FROM deliveries WHERE event_id = :eventId`;
const PERSON_OF_DELIVERY = `SELECT person_key FROM deliveries WHERE id = :id`;

/** Serialises changes to one person's queue (PostgreSQL; SQLite's writer lock already does). */
export async function lockPersonQueue(tx: Queryable, of: { personKey: string } | { deliveryId: string } | { eventId: string }): Promise<void> {
  if (tx.dialect !== 'postgres') return;
  if ('personKey' in of) await tx.all(LOCK_PERSON, of);
  else if ('deliveryId' in of) await tx.all(LOCK_PERSON_OF_DELIVERY, { id: of.deliveryId });
  else await tx.all(LOCK_PERSON_OF_EVENT, of);
}

/** PostgreSQL: MOVE_HEAD_PG for the person of delivery :id, read in the statement itself (a person's key never changes). */
const MOVE_HEAD_OF_DELIVERY_PG = MOVE_HEAD_PG.replaceAll(':personKey', '(SELECT person_key FROM deliveries WHERE id = :id)');

/** PostgreSQL: moveQueueHead for a delivery's person in one statement, issued before its person is known here. */
export function moveQueueHeadOfDeliveryPg(tx: Queryable, deliveryId: string): Promise<number> {
  return tx.run(MOVE_HEAD_OF_DELIVERY_PG, { id: deliveryId });
}

/** Puts the head flag on the person's earliest unsettled delivery, after a delivery of theirs was added, settled or unsettled. */
export async function moveQueueHead(tx: Queryable, of: { personKey: string } | { deliveryId: string }): Promise<void> {
  const personKey = 'personKey' in of ? of.personKey : String((await tx.one(PERSON_OF_DELIVERY, { id: of.deliveryId }))?.person_key);
  if (tx.dialect === 'postgres') await tx.run(MOVE_HEAD_PG, { personKey });
  else {
    await tx.run(DROP_STALE_HEAD, { personKey });
    await tx.run(MARK_HEAD, { personKey });
  }
}

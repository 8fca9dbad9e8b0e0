// Events as registers sent them, each stored with its delivery task in one transaction.
import type { Warning } from '../domain/event.ts';
import type { AttemptRecord, Receipt, Rejection } from '../delivery/model/attempt-record.ts';
import type { DeliveryStatus, EventStatus } from '../delivery/model/status.ts';
import { allOf, numberOrNull, textOrNull, type Database, type Dialect, type Queryable, type Row } from './db/database.ts';
import { toOutcomeView, type OutcomeView } from './outcomes.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { moveQueueHead, personQueueLock, VISIBLE_STATUS, WAITING_FOR_COLUMNS } from './sql/person-order.ts';

export interface NewEvent {
  id: string;
  registerId: string;
  registerEventId: string;
  type: string;
  occurredAt: string;
  /** occurredAt as an instant: the order of one person's events. */
  occurredAtMs: number;
  personKey: string;
  contentHash: string;
  /** The normalised event, as JSON. */
  payload: string;
  warnings: Warning[];
  receivedAt: number;
  delivery: { id: string; messageId: string; contract: string };
  /** Posted with a test key: delivered to the built-in mock DMS only. */
  sandbox?: boolean;
  /** DMS's id of the notice a deregistration names (checked routed to this register at ingest). */
  noticeId?: string | null;
}

export interface StoredEvent {
  id: string;
  registerId: string;
  registerEventId: string;
  type: string;
  occurredAt: string;
  receivedAt: number;
  warnings: Warning[];
  status: EventStatus;
  sandbox: boolean;
  /** DMS's id of the notice the deregistration names, if it names one. */
  noticeId?: string | null;
}

export type IngestResult =
  | { kind: 'created'; event: StoredEvent }
  /** The register sent this event id before with the same content: nothing new is stored. */
  | { kind: 'duplicate'; event: StoredEvent }
  /** The register sent this event id before with different content. */
  | { kind: 'conflict'; existingId: string };

/** The earliest undelivered event of the same person, which this one waits for. */
export interface WaitingFor {
  /** null when the earlier event is another register's, shown to a register (not its business). */
  eventId: string | null;
  status: DeliveryStatus;
}

export interface DeliveryView {
  id: string;
  messageId: string;
  /** The contract version of the current message; null until it is first signed (decided then). */
  contract: string | null;
  status: DeliveryStatus;
  waitingFor: WaitingFor | null;
  cancelReason: string | null;
  attempts: number;
  nextAttemptAt: number | null;
  receipt: Receipt | null;
  rejection: Rejection | null;
  lastError: string | null;
  finishedAt: number | null;
}

export interface EventDetails extends StoredEvent {
  delivery: DeliveryView;
  attempts: AttemptRecord[];
  /** DMS's final outcome from ЄДДР for the current message, once it came (src/store/outcomes.ts). */
  outcome: OutcomeView | null;
}

const EVENT_DETAILS = `
  SELECT e.id, e.register_id, e.register_event_id, e.type, e.occurred_at, e.received_at, e.warnings, e.sandbox, e.notice_id,
         ${VISIBLE_STATUS} AS status,
         d.id AS delivery_id, d.message_id, d.contract, d.signed_at, d.status AS delivery_status, d.attempts, d.next_attempt_at,
         d.lease_until, d.receipt_number, d.receipt_status, d.registered_at, d.rejection_code, d.rejection_reason,
         d.last_error, d.cancel_reason, d.finished_at,
         o.outcome_id, o.kind, o.receipt_number AS outcome_receipt_number, o.record_ref, o.refusal_code, o.refusal_reason, o.decided_at,
         o.received_at AS outcome_received_at,
         ${WAITING_FOR_COLUMNS}
    FROM events e JOIN deliveries d ON d.event_id = e.id LEFT JOIN outcomes o ON o.message_id = d.message_id
   WHERE e.id = :id`;

const ATTEMPTS_OF = `SELECT * FROM attempts WHERE delivery_id = :deliveryId ORDER BY number`;

const EVENT_COLUMNS = 'id, register_id, register_event_id, type, occurred_at, person_key, content_hash, payload, warnings, received_at, notice_id, sandbox';
const EVENT_VALUES = ':id, :registerId, :registerEventId, :type, :occurredAt, :personKey, :contentHash, :payload, :warnings, CAST(:receivedAt AS BIGINT), :noticeId, CAST(:sandbox AS INTEGER)';
/**
 * Another instance inserting the same event id at the same moment makes this one wait, then do
 * nothing. PostgreSQL takes the person's queue lock (sql/person-order.ts) in the same statement,
 * before the event's row: a round trip fewer than a statement of its own. SQLite's writer lock
 * already serialises the queue.
 */
const INSERT_EVENT: Record<Dialect, string> = {
  sqlite: `
  INSERT INTO events (${EVENT_COLUMNS}) VALUES (${EVENT_VALUES})
  ON CONFLICT (register_id, register_event_id) DO NOTHING`,
  postgres: `
  WITH person_lock AS (SELECT ${personQueueLock(':queueKey')})
  INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_VALUES} FROM person_lock
  ON CONFLICT (register_id, register_event_id) DO NOTHING`,
};

const FIND_EVENT_BY_REGISTER_ID = `SELECT id, content_hash FROM events WHERE register_id = :registerId AND register_event_id = :registerEventId`;

/**
 * The status a new delivery shows (`blocked` behind an earlier event of the person that ended badly):
 * all a new event's answer needs. PostgreSQL returns it from the INSERT (a round trip fewer); SQLite's
 * RETURNING cannot name the row `d`, so it asks after the INSERT (a statement, no round trip).
 */
const NEW_DELIVERY_STATUS = `SELECT ${VISIBLE_STATUS} AS status FROM deliveries d WHERE d.id = :id`;
/**
 * SQLite: arrival order (seq) is MAX(seq) + 1 under its single writer lock (PostgreSQL's several
 * writers take it from the column's identity sequence).
 */
const INSERT_DELIVERY_SQLITE = `
  INSERT INTO deliveries (id, event_id, contract, message_id, person_key, occurred_at_ms, seq, status, attempts,
                          next_attempt_at, created_at, updated_at)
  VALUES (:id, :eventId, :contract, :messageId, :personKey, :occurredAtMs, (SELECT COALESCE(MAX(seq), 0) + 1 FROM deliveries), 'accepted', 0, :receivedAt, :receivedAt, :receivedAt)`;

/**
 * PostgreSQL: the delivery only when the event's INSERT before it wrote the event, so that both go out
 * in one round trip: the event is there and has no delivery yet (every stored event has one, written
 * in its transaction).
 */
const INSERT_DELIVERY_IF_NEW_PG = `
  INSERT INTO deliveries AS d (id, event_id, contract, message_id, person_key, occurred_at_ms, status, attempts,
                          next_attempt_at, created_at, updated_at)
  SELECT :id, :eventId, :contract, :messageId, :personKey, CAST(:occurredAtMs AS BIGINT), 'accepted', 0,
         CAST(:receivedAt AS BIGINT), CAST(:receivedAt AS BIGINT), CAST(:receivedAt AS BIGINT)
   WHERE EXISTS (SELECT 1 FROM events WHERE id = :eventId) AND NOT EXISTS (SELECT 1 FROM deliveries WHERE event_id = :eventId)
  RETURNING ${VISIBLE_STATUS} AS status`;

function toStoredEvent(row: Row): StoredEvent {
  return {
    id: String(row.id),
    registerId: String(row.register_id),
    registerEventId: String(row.register_event_id),
    type: String(row.type),
    occurredAt: String(row.occurred_at),
    receivedAt: Number(row.received_at),
    warnings: JSON.parse(String(row.warnings)) as Warning[],
    status: String(row.status) as EventStatus,
    sandbox: Number(row.sandbox) === 1,
    noticeId: textOrNull(row.notice_id),
  };
}

/**
 * The person queue a delivery waits in: a sandbox event never waits for a live one, nor holds one
 * up, so its queue is keyed apart (the event keeps the person's key, for searches).
 */
export const queueKey = (personKey: string, sandbox: boolean): string => (sandbox ? `sandbox:${personKey}` : personKey);

function toDeliveryView(row: Row, fields: FieldCipher): DeliveryView {
  return {
    id: String(row.delivery_id),
    messageId: String(row.message_id),
    contract: row.signed_at != null ? String(row.contract) : null,
    status: String(row.delivery_status) as DeliveryStatus,
    waitingFor: row.waiting_for ? { eventId: String(row.waiting_for), status: String(row.waiting_for_status) as DeliveryStatus } : null,
    cancelReason: fields.open(ENCRYPTED.cancelReason, [String(row.delivery_id)], row.cancel_reason),
    attempts: Number(row.attempts),
    nextAttemptAt: numberOrNull(row.next_attempt_at),
    receipt: row.receipt_number
      ? { number: String(row.receipt_number), status: String(row.receipt_status), registeredAt: String(row.registered_at) }
      : null,
    rejection: row.rejection_code
      ? { code: String(row.rejection_code), reason: String(fields.open(ENCRYPTED.rejectionReason, [String(row.delivery_id)], row.rejection_reason)) }
      : null,
    lastError: textOrNull(row.last_error),
    finishedAt: numberOrNull(row.finished_at),
  };
}

function toAttempt(row: Row, fields: FieldCipher): AttemptRecord {
  const attemptKey = [String(row.delivery_id), Number(row.number)];
  return {
    number: Number(row.number),
    startedAt: Number(row.started_at),
    durationMs: Number(row.duration_ms),
    outcome: String(row.outcome) as AttemptRecord['outcome'],
    httpStatus: numberOrNull(row.http_status),
    errorClass: textOrNull(row.error_class),
    detail: fields.open(ENCRYPTED.attemptDetail, attemptKey, row.detail),
    responseExcerpt: fields.open(ENCRYPTED.attemptResponse, attemptKey, row.response_excerpt),
    messageId: textOrNull(row.message_id),
    contract: textOrNull(row.contract),
  };
}

/** The event's row with its delivery, as operator actions need it (`lease_until`, `delivery_status`). */
export async function eventRow(q: Queryable, id: string): Promise<Row | undefined> {
  return q.one(EVENT_DETAILS, { id });
}

export async function readEventDetails(q: Queryable, fields: FieldCipher, id: string): Promise<EventDetails | null> {
  const row = await eventRow(q, id);
  if (!row) return null;
  const attempts = (await q.all(ATTEMPTS_OF, { deliveryId: String(row.delivery_id) })).map((a) => toAttempt(a, fields));
  const outcome = row.outcome_id
    ? toOutcomeView({ ...row, receipt_number: row.outcome_receipt_number, received_at: row.outcome_received_at }, fields)
    : null;
  return { ...toStoredEvent(row), delivery: toDeliveryView(row, fields), attempts, outcome };
}

/**
 * The transaction group of an event's ingest: its person's queue. One person's ingests wait for each
 * other's commit (the queue's lock), so those waiting are committed together (TransactionOptions).
 */
export const ingestGroup = (e: NewEvent): string => queueKey(e.personKey, e.sandbox === true);

/** Event and delivery task in the caller's transaction (with the request's idempotency key, say). */
async function insertEvent(tx: Queryable, fields: FieldCipher, e: NewEvent): Promise<IngestResult> {
  const { delivery, sandbox, ...event } = e;
  const personKey = queueKey(e.personKey, sandbox === true);
  const eventValues = {
    ...event,
    queueKey: personKey,
    payload: fields.seal(ENCRYPTED.eventPayload, [e.id], e.payload),
    warnings: JSON.stringify(e.warnings),
    noticeId: e.noticeId ?? null,
    sandbox: sandbox ? 1 : 0,
  };
  const { id, messageId, contract } = delivery;
  const deliveryValues = { id, eventId: e.id, contract, messageId, personKey, occurredAtMs: e.occurredAtMs, receivedAt: e.receivedAt };
  const created = (status: EventStatus): IngestResult => {
    const stored = { id: e.id, registerId: e.registerId, registerEventId: e.registerEventId, type: e.type, occurredAt: e.occurredAt, receivedAt: e.receivedAt };
    return { kind: 'created', event: { ...stored, warnings: e.warnings, status, sandbox: sandbox === true, noticeId: e.noticeId ?? null } };
  };
  if (tx.dialect === 'postgres') {
    // One round trip, run in this order by the server: the person's lock and the event, its delivery
    // when the event was new, the queue's head (nothing to move when it was not).
    const inserted = tx.run(INSERT_EVENT.postgres, eventValues);
    const returned = tx.one(INSERT_DELIVERY_IF_NEW_PG, deliveryValues);
    await allOf([inserted, returned, moveQueueHead(tx, { personKey })]);
    if ((await inserted) === 1) return created(String((await returned)?.status) as EventStatus);
  } else if ((await tx.run(INSERT_EVENT.sqlite, eventValues)) === 1) {
    await tx.run(INSERT_DELIVERY_SQLITE, deliveryValues);
    await moveQueueHead(tx, { personKey });
    return created(String((await tx.one(NEW_DELIVERY_STATUS, { id }))?.status) as EventStatus);
  }
  // The register sent this event id before (perhaps a moment ago, to another instance).
  const existing = await tx.one(FIND_EVENT_BY_REGISTER_ID, { registerId: e.registerId, registerEventId: e.registerEventId });
  if (!existing) throw new Error('an event id conflicted but its event is not there');
  if (existing.content_hash !== e.contentHash) return { kind: 'conflict', existingId: String(existing.id) };
  return { kind: 'duplicate', event: toStoredEvent((await eventRow(tx, String(existing.id))) as Row) };
}

export function createEvents(db: Database, notifyDue: () => void, fields: FieldCipher) {
  return {
    /** Event and delivery task in one transaction, durable before it returns. */
    async ingestEvent(e: NewEvent): Promise<IngestResult> {
      const result = await db.transaction((tx) => insertEvent(tx, fields, e), { group: ingestGroup(e) });
      if (result.kind === 'created') notifyDue();
      return result;
    },
    /** Event and delivery task inside the caller's transaction `tx`; call accepted() once it committed a created one. */
    storeEvent: (tx: Queryable, e: NewEvent): Promise<IngestResult> => insertEvent(tx, fields, e),
    /** A created event was committed: the workers of every instance are woken. */
    accepted: (): void => notifyDue(),
    getEvent: (id: string): Promise<EventDetails | null> => readEventDetails(db, fields, id),
  };
}

export type Events = ReturnType<typeof createEvents>;

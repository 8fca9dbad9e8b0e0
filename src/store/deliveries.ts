// Delivery tasks: the worker's claims, the signed message kept for every retry, each attempt with
// the delivery's new state, and the operators' retry and cancel (written to the audit log in the
// same transaction). `d` is always the deliveries row in question.
import type { Actor } from '../delivery/model/actors.ts';
import type { AttemptRecord, AttemptResult, ClaimedDelivery } from '../delivery/model/attempt-record.ts';
import { attemptInFlight, cancelApplies, retryKind } from '../delivery/model/operator-actions.ts';
import type { DeliveryStatus, EventStatus } from '../delivery/model/status.ts';
import { insertAudit } from './audit.ts';
import { enqueueDeliveryOutcome, readDeliveryOutcome, writeDeliveryOutcome } from './delivery-webhooks.ts';
import { allOf, numberOrNull, type Database, type Dialect, type Queryable, type Row } from './db/database.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { eventRow, readEventDetails, type EventDetails } from './events.ts';
import { appendEvidenceOn, type EvidenceLink } from './evidence.ts';
import { lockPersonQueue, moveQueueHead, moveQueueHeadOfDeliveryPg, QUEUE_HEAD } from './sql/person-order.ts';

export type OperatorActionResult =
  | { kind: 'done'; event: EventDetails }
  | { kind: 'not_found' }
  /** The action does not apply to the delivery's current status (e.g. cancelling a delivered event). */
  | { kind: 'not_applicable'; status: EventStatus }
  /** An attempt is in flight right now: its outcome must be known first. */
  | { kind: 'in_flight' };

/** Due, not leased, and first in its person's queue. */
const DUE = `
  SELECT d.id FROM deliveries d
   WHERE d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= :now
     AND (d.lease_until IS NULL OR d.lease_until <= :now)
     AND ${QUEUE_HEAD}
   ORDER BY d.next_attempt_at, d.seq
   LIMIT :limit`;

/** A sandbox twin's events are made in its live register's code (`l`), and marked for the sandbox's mock DMS. */
const CLAIMED_COLUMNS = `d.id, d.event_id, d.message_id, d.contract, d.attempts, d.schedule_base, d.request_xml, e.payload,
  COALESCE(l.code, r.code) AS register_code, e.sandbox`;

const CLAIM_DUE: Record<Dialect, string> = {
  // SQLite's single writer lock keeps claims apart. Its RETURNING cannot name joined tables, so the
  // claimed deliveries are read after (CLAIMED).
  sqlite: `UPDATE deliveries SET lease_owner = :owner, lease_until = :leaseUntil WHERE id IN (${DUE}) RETURNING id`,
  // SKIP LOCKED: a row another instance is claiming right now is left to it; one it claimed a moment
  // ago fails the lease test when re-checked.
  postgres: `
  WITH due AS (${DUE} FOR UPDATE OF d SKIP LOCKED)
  UPDATE deliveries d SET lease_owner = :owner, lease_until = :leaseUntil
    FROM due JOIN events e ON true JOIN registers r ON r.id = e.register_id LEFT JOIN registers l ON l.id = r.sandbox_of
   WHERE d.id = due.id AND e.id = d.event_id
  RETURNING ${CLAIMED_COLUMNS}`,
};

const CLAIMED = `
  SELECT ${CLAIMED_COLUMNS}
    FROM deliveries d JOIN events e ON e.id = d.event_id JOIN registers r ON r.id = e.register_id LEFT JOIN registers l ON l.id = r.sandbox_of
   WHERE d.id = :id`;

const GREATEST: Record<Dialect, string> = { sqlite: 'MAX', postgres: 'GREATEST' };
/** When the next claimable delivery falls due: held-back ones (not their person's head) don't count. */
const nextDue = (dialect: Dialect): string => `
  SELECT MIN(${GREATEST[dialect]}(d.next_attempt_at, COALESCE(d.lease_until, 0))) AS due
    FROM deliveries d
   WHERE d.next_attempt_at IS NOT NULL AND ${QUEUE_HEAD}`;

/** Keeps the first signature only, with the version it was made in: every retry must carry the same bytes. */
const SAVE_SIGNED_REQUEST = `
  UPDATE deliveries SET request_xml = :requestXml, contract = :contract, signed_at = :now
   WHERE id = :id AND lease_owner = :owner AND request_xml IS NULL`;
const SIGNED_REQUEST = `SELECT request_xml FROM deliveries WHERE id = :id`;
/** PostgreSQL: SAVE_SIGNED_REQUEST for each of a claim's deliveries, in one statement; the ids kept come back. */
const SAVE_SIGNED_REQUESTS_PG = `
  UPDATE deliveries d SET request_xml = s.request_xml, contract = s.contract, signed_at = :now
    FROM unnest(CAST(:ids AS TEXT[]), CAST(:requestXmls AS TEXT[]), CAST(:contracts AS TEXT[])) AS s (id, request_xml, contract)
   WHERE d.id = s.id AND d.lease_owner = :owner AND d.request_xml IS NULL
  RETURNING d.id`;

const ATTEMPT_COLUMNS = `delivery_id, number, started_at, duration_ms, outcome, http_status, error_class, detail, response_excerpt, message_id, contract`;
const INSERT_ATTEMPT = `
  INSERT INTO attempts (${ATTEMPT_COLUMNS})
  VALUES (:deliveryId, :number, :startedAt, :durationMs, :outcome, :httpStatus, :errorClass, :detail, :responseExcerpt, :messageId, :contract)`;

/**
 * Nothing changes if this worker lost its lease meanwhile. A delivered one is settled, so it stops
 * being its person's head here, in the same write of its row (which holds the signed request): the
 * head then moves without writing the row again. Its person, for that move, comes back with it.
 */
const RECORD_RESULT_SET = `
     SET status = :status, attempts = attempts + 1, next_attempt_at = :nextAttemptAt, lease_owner = NULL, lease_until = NULL,
         queue_head = CASE WHEN :status = 'delivered' THEN 0 ELSE queue_head END,
         receipt_number = :receiptNumber, receipt_status = :receiptStatus, registered_at = :registeredAt,
         rejection_code = :rejectionCode, rejection_reason = :rejectionReason,
         last_error = :lastError, updated_at = :now, finished_at = :finishedAt`;
const RECORD_RESULT_WHERE = `id = :id AND lease_owner = :owner AND status IN ('accepted', 'retrying')`;
const RECORD_RESULT = `UPDATE deliveries ${RECORD_RESULT_SET} WHERE ${RECORD_RESULT_WHERE} RETURNING person_key`;
/**
 * PostgreSQL: RECORD_RESULT and the attempt (INSERT_ATTEMPT, none when the lease was lost) in one
 * statement. A final state changes the person's queue: the person's lock (lockPersonQueue) goes out
 * just before it, in the same round trip, so that it and the statements after it see what the
 * person's other writers committed before the lock was theirs. SQLite's writer lock already serialises.
 */
const RECORD_WITH_ATTEMPT_PG = `
  WITH recorded AS (UPDATE deliveries ${RECORD_RESULT_SET} WHERE ${RECORD_RESULT_WHERE} RETURNING id, person_key),
       attempt AS (INSERT INTO attempts (${ATTEMPT_COLUMNS})
                   SELECT id, CAST(:number AS INTEGER), CAST(:startedAt AS BIGINT), CAST(:durationMs AS INTEGER), :outcome, CAST(:httpStatus AS INTEGER),
                          :errorClass, :detail, :responseExcerpt, :messageId, :contract
                     FROM recorded)
  SELECT person_key FROM recorded`;

/**
 * DMS retired the message's contract version: the event is re-made as a new message (new id, new
 * signature) in :contract, due now, with a fresh schedule. Nothing changes if the lease was lost.
 */
const RECORD_REMAP = `
  UPDATE deliveries
     SET status = 'retrying', attempts = attempts + 1, schedule_base = attempts + 1, next_attempt_at = :now, lease_owner = NULL, lease_until = NULL,
         message_id = :messageId, contract = :contract, request_xml = NULL, signed_at = NULL,
         rejection_code = NULL, rejection_reason = NULL, last_error = :lastError, updated_at = :now, finished_at = NULL
   WHERE id = :id AND lease_owner = :owner AND status IN ('accepted', 'retrying')`;

/** PostgreSQL: holds an operator action and a claim of the same delivery apart (SQLite's writer lock does). */
const LOCK_DELIVERY_OF_EVENT = `SELECT id FROM deliveries WHERE event_id = :eventId FOR UPDATE`;

const CANCEL = `
  UPDATE deliveries
     SET status = 'cancelled', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, cancel_reason = :reason, updated_at = :now, finished_at = :now
   WHERE id = :id`;

/** A failed delivery, or one still retrying, is tried again now with a fresh schedule. */
const RETRY_SAME_MESSAGE = `
  UPDATE deliveries
     SET status = 'retrying', next_attempt_at = :now, lease_owner = NULL, lease_until = NULL, schedule_base = attempts, finished_at = NULL, updated_at = :now
   WHERE id = :id`;

/**
 * DMS remembers its verdict per message id: a rejected delivery is resent as a new, newly signed
 * message, made in the version in force when it is signed (contract stays its floor).
 */
const RETRY_NEW_MESSAGE = `
  UPDATE deliveries
     SET status = 'retrying', next_attempt_at = :now, lease_owner = NULL, lease_until = NULL, schedule_base = attempts, finished_at = NULL, updated_at = :now,
         message_id = :messageId, request_xml = NULL, signed_at = NULL, rejection_code = NULL, rejection_reason = NULL
   WHERE id = :id`;

const EXPEDITE_RETRIES = `
  UPDATE deliveries SET next_attempt_at = :now, updated_at = :now
   WHERE status = 'retrying' AND next_attempt_at > :now AND lease_owner IS NULL`;

function toClaimed(row: Row, fields: FieldCipher): ClaimedDelivery {
  return {
    id: String(row.id),
    eventId: String(row.event_id),
    messageId: String(row.message_id),
    contract: String(row.contract),
    attempts: Number(row.attempts),
    scheduleBase: Number(row.schedule_base),
    payload: String(fields.open(ENCRYPTED.eventPayload, [String(row.event_id)], row.payload)),
    registerCode: String(row.register_code),
    requestXml: fields.open(ENCRYPTED.requestXml, [String(row.id)], row.request_xml),
    ...(Number(row.sandbox) === 1 ? { sandbox: true } : {}),
  };
}

/**
 * Signs a just-claimed delivery's first message (its bytes and the version they were made in), kept
 * in the claim's own transaction, so a message goes out after one commit, not two. Null: nothing to
 * keep now (the attempt signs it, and meets any failure, itself). Never throws.
 */
export type SignAhead = (d: ClaimedDelivery) => { requestXml: string; contract: string } | null;

export function createDeliveries(db: Database, notifyDue: () => void, fields: FieldCipher) {
  /** The claimed deliveries, each signed ahead where it can be and its signed request kept. */
  const keepSignedAhead = async (tx: Queryable, owner: string, now: number, claimed: ClaimedDelivery[], signAhead: SignAhead): Promise<ClaimedDelivery[]> => {
    const made = claimed.map((d) => (d.requestXml === null ? signAhead(d) : null));
    const toSave = claimed.flatMap((d, i) => {
      const m = made[i];
      return m ? [{ id: d.id, requestXml: fields.seal(ENCRYPTED.requestXml, [d.id], m.requestXml), contract: m.contract }] : [];
    });
    const kept = new Set<string>();
    if (toSave.length > 0 && tx.dialect === 'postgres') {
      const params = { owner, now, ids: toSave.map((s) => s.id), requestXmls: toSave.map((s) => s.requestXml), contracts: toSave.map((s) => s.contract) };
      for (const row of await tx.all(SAVE_SIGNED_REQUESTS_PG, params)) kept.add(String(row.id));
    } else {
      for (const s of toSave) if ((await tx.run(SAVE_SIGNED_REQUEST, { ...s, owner, now })) === 1) kept.add(s.id);
    }
    return claimed.map((d, i) => {
      const m = made[i];
      return m && kept.has(d.id) ? { ...d, requestXml: m.requestXml, contract: m.contract } : d;
    });
  };

  const attemptValues = (id: string, attempt: AttemptRecord) => ({
    ...attempt,
    deliveryId: id,
    detail: fields.seal(ENCRYPTED.attemptDetail, [id, attempt.number], attempt.detail),
    responseExcerpt: fields.seal(ENCRYPTED.attemptResponse, [id, attempt.number], attempt.responseExcerpt),
  });
  const insertAttempt = (tx: Queryable, id: string, attempt: AttemptRecord) => tx.run(INSERT_ATTEMPT, attemptValues(id, attempt));

  /**
   * The attempt and the delivery's new state; false if the lease was lost. `last` (the exchange's
   * evidence) is run once whatever happened to the lease, after the record's other statements: its
   * lock is taken after the delivery's row and the person's queue, in the order an outcome's
   * transaction takes them (no deadlock between them), and held for its own statements only.
   */
  const recordResult = async (tx: Queryable, id: string, owner: string, attempt: AttemptRecord, result: AttemptResult, now: number, last: () => Promise<unknown>): Promise<boolean> => {
    if (result.status === 'retrying' && result.remap) {
      const remapped = await tx.run(RECORD_REMAP, { id, owner, now, lastError: result.error, ...result.remap });
      if (remapped === 0) return (await last(), false);
      await allOf([insertAttempt(tx, id, attempt), last()]);
      notifyDue();
      return true;
    }
    const receipt = result.status === 'delivered' ? result.receipt : null;
    const rejection = result.status === 'rejected' ? result.rejection : null;
    // Delivered moves the person's head; rejected or failed blocks their later events (event.blocked).
    const postgres = tx.dialect === 'postgres';
    const values = {
      id,
      owner,
      status: result.status,
      nextAttemptAt: result.status === 'retrying' ? result.nextAttemptAt : null,
      receiptNumber: receipt?.number ?? null,
      receiptStatus: receipt?.status ?? null,
      registeredAt: receipt?.registeredAt ?? null,
      rejectionCode: rejection?.code ?? null,
      rejectionReason: fields.seal(ENCRYPTED.rejectionReason, [id], rejection?.reason ?? null),
      lastError: result.status === 'retrying' || result.status === 'failed' ? result.error : null,
      now,
      finishedAt: result.status === 'retrying' ? null : now,
    };
    if (postgres && result.status !== 'retrying') {
      // One round trip, run in this order: the person's lock (taken whether or not the lease is still
      // this worker's, so that the head below never moves without it), the new state with the
      // attempt, what the webhooks need to know, and a delivered one's person's next head. When the
      // lease was lost nothing was written, the read is dropped and the head stays where it was.
      const locked = lockPersonQueue(tx, { deliveryId: id });
      const recorded = tx.one(RECORD_WITH_ATTEMPT_PG, { ...values, ...attemptValues(id, attempt) });
      const about = readDeliveryOutcome(tx, id, result.status);
      await allOf([locked, recorded, about, result.status === 'delivered' ? moveQueueHeadOfDeliveryPg(tx, id) : undefined]);
      if ((await recorded) === undefined) return (await last(), false);
      await writeDeliveryOutcome(tx, id, await about, result, now);
      await last();
      return true;
    }
    const changed = postgres ? await tx.one(RECORD_WITH_ATTEMPT_PG, { ...values, ...attemptValues(id, attempt) }) : await tx.one(RECORD_RESULT, values);
    if (changed === undefined) return (await last(), false);
    // Issued together, run in this order (one round trip on PostgreSQL's pipelined connection), and
    // all of them over before the evidence: its lock, which every instance's evidence waits on, is
    // then held only for its own statements (a blocked person's later events take a round trip each).
    await allOf([
      postgres ? undefined : insertAttempt(tx, id, attempt),
      enqueueDeliveryOutcome(tx, id, result, now),
      // Settled: the person's next delivery becomes the head.
      result.status === 'delivered' ? moveQueueHead(tx, { personKey: String(changed.person_key) }) : undefined,
    ]);
    await last();
    return true;
  };

  /** Locks the delivery, refuses while an attempt is in flight, applies `change`, returns the new state. */
  const operatorAction = (eventId: string, now: number, change: (tx: Queryable, row: Row) => Promise<boolean>): Promise<OperatorActionResult> =>
    db.transaction(async (tx): Promise<OperatorActionResult> => {
      await lockPersonQueue(tx, { eventId });
      if (db.dialect === 'postgres') await tx.run(LOCK_DELIVERY_OF_EVENT, { eventId });
      const row = await eventRow(tx, eventId);
      if (!row) return { kind: 'not_found' };
      if (attemptInFlight(numberOrNull(row.lease_until), now)) return { kind: 'in_flight' };
      if (!(await change(tx, row))) return { kind: 'not_applicable', status: String(row.status) as EventStatus };
      await moveQueueHead(tx, { deliveryId: String(row.delivery_id) });
      return { kind: 'done', event: (await readEventDetails(tx, fields, eventId)) as EventDetails };
    });

  return {
    /**
     * Leases up to `limit` due deliveries to `owner` until now + leaseMs; with `signAhead`, the first
     * signed request of each is kept in the same transaction (one commit before the message goes out).
     */
    claimDue: async (owner: string, now: number, leaseMs: number, limit: number, signAhead?: SignAhead): Promise<ClaimedDelivery[]> => {
      const params = { owner, leaseUntil: now + leaseMs, now, limit };
      if (db.dialect === 'postgres') {
        if (!signAhead) return (await db.all(CLAIM_DUE.postgres, params)).map((row) => toClaimed(row, fields));
        return db.transaction(async (tx) => keepSignedAhead(tx, owner, now, (await tx.all(CLAIM_DUE.postgres, params)).map((row) => toClaimed(row, fields)), signAhead));
      }
      return db.transaction(async (tx) => {
        const rows: ClaimedDelivery[] = [];
        for (const { id } of await tx.all(CLAIM_DUE.sqlite, params)) rows.push(toClaimed((await tx.one(CLAIMED, { id })) as Row, fields));
        return signAhead ? keepSignedAhead(tx, owner, now, rows, signAhead) : rows;
      });
    },

    /** Keeps the first signed request of a delivery, with its contract version, and returns the one kept. */
    saveSignedRequest: (id: string, owner: string, requestXml: string, contract: string, now: number): Promise<string> =>
      db.transaction(async (tx) => {
        await tx.run(SAVE_SIGNED_REQUEST, { id, owner, requestXml: fields.seal(ENCRYPTED.requestXml, [id], requestXml), contract, now });
        const kept = fields.open(ENCRYPTED.requestXml, [id], (await tx.one(SIGNED_REQUEST, { id }))?.request_xml);
        if (kept === null) throw new Error(`delivery ${id} lost its lease before signing was saved`);
        return kept;
      }),

    /**
     * Records the attempt and the new state in one transaction with the exchange's evidence entry
     * (kept even when the lease was lost: the exchange happened); false if the lease was lost.
     */
    recordAttempt: (id: string, owner: string, attempt: AttemptRecord, result: AttemptResult, now: number, evidence?: EvidenceLink): Promise<boolean> =>
      db.transaction(async (tx) => {
        // Whatever happens to the lease (the exchange happened).
        return recordResult(tx, id, owner, attempt, result, now, async () => evidence && appendEvidenceOn(tx, fields, evidence));
      }),

    /** When the next delivery becomes due, so an idle worker knows how long it may sleep. */
    async nextDueAt(): Promise<number | null> {
      return numberOrNull((await db.one(nextDue(db.dialect)))?.due);
    },

    /** After an outage: deliveries waiting for a later retry become due now. Returns how many. */
    async expediteRetries(now: number): Promise<number> {
      const expedited = await db.run(EXPEDITE_RETRIES, { now });
      if (expedited > 0) notifyDue();
      return expedited;
    },

    cancelDelivery: (eventId: string, actor: Actor, reason: string, now: number): Promise<OperatorActionResult> =>
      operatorAction(eventId, now, async (tx, row) => {
        if (!cancelApplies(row.delivery_status as DeliveryStatus)) return false;
        await tx.run(CANCEL, { id: String(row.delivery_id), reason: fields.seal(ENCRYPTED.cancelReason, [String(row.delivery_id)], reason), now });
        await insertAudit(tx, fields, { at: now, actor, action: 'cancel', eventId, reason, detail: { previousStatus: row.status } });
        return true;
      }),

    /**
     * `versionNow`: the version a message made now would be in, given the delivery's contract. A
     * failed message made in an older one is not resent as it is but re-made, as a new message.
     */
    async retryDelivery(
      eventId: string,
      actor: Actor,
      reason: string | null,
      now: number,
      newMessageId: string,
      versionNow: (contract: string) => string = (contract) => contract,
    ): Promise<OperatorActionResult> {
      const result = await operatorAction(eventId, now, async (tx, row) => {
        const status = String(row.delivery_status);
        let kind = retryKind(status as DeliveryStatus);
        if (kind === null) return false;
        const contract = String(row.contract);
        if (kind === 'same_message' && row.signed_at != null && versionNow(contract) !== contract) kind = 'new_message';
        const id = String(row.delivery_id);
        const detail =
          kind === 'new_message'
            ? { previousStatus: status, previousMessageId: row.message_id, previousContract: row.signed_at != null ? contract : null, messageId: newMessageId }
            : { previousStatus: status, messageId: row.message_id };
        await tx.run(kind === 'new_message' ? RETRY_NEW_MESSAGE : RETRY_SAME_MESSAGE, { id, now, messageId: newMessageId });
        await insertAudit(tx, fields, { at: now, actor, action: 'retry', eventId, reason, detail });
        return true;
      });
      if (result.kind === 'done') notifyDue();
      return result;
    },
  };
}

export type Deliveries = ReturnType<typeof createDeliveries>;

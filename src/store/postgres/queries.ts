// The PostgreSQL store's statements, as SQL. One statement per state change, in the manner of
// graphile-worker; the meaning of each is that of its SQLite twin. `d` is always the deliveries row
// in question. Where several instances meet (claims, ingest, idempotency keys, operator actions),
// row locks and ON CONFLICT do what SQLite's single writer lock does.
import { HELD_BACK, VISIBLE_STATUS, WAITING_FOR_COLUMNS } from '../sql/person-order.ts';

export const EVENT_DETAILS = `
  SELECT e.id, e.register_id, e.register_event_id, e.type, e.occurred_at, e.received_at, e.warnings,
         ${VISIBLE_STATUS} AS status,
         d.id AS delivery_id, d.message_id, d.contract, d.status AS delivery_status, d.attempts, d.next_attempt_at,
         d.lease_until, d.receipt_number, d.receipt_status, d.registered_at, d.rejection_code, d.rejection_reason,
         d.last_error, d.cancel_reason, d.finished_at,
         ${WAITING_FOR_COLUMNS}
    FROM events e JOIN deliveries d ON d.event_id = e.id
   WHERE e.id = $1`;

/** Another instance inserting the same event id at the same moment makes this one wait, then do nothing. */
export const INSERT_EVENT = `
  INSERT INTO events (id, register_id, register_event_id, type, occurred_at, person_key, content_hash, payload, warnings, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (register_id, register_event_id) DO NOTHING`;

export const FIND_EVENT_BY_REGISTER_ID = `SELECT id, content_hash FROM events WHERE register_id = $1 AND register_event_id = $2`;

export const INSERT_DELIVERY = `
  INSERT INTO deliveries (id, event_id, contract, message_id, person_key, occurred_at_ms, status, attempts,
                          next_attempt_at, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, 'accepted', 0, $7, $8, $9)`;

/**
 * Due, not leased, and first in its person's queue. SKIP LOCKED: a row another instance is claiming
 * right now is left to it; one it claimed a moment ago fails the lease test when re-checked.
 */
export const CLAIM_DUE = `
  WITH due AS (
    SELECT d.id FROM deliveries d
     WHERE d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= $3
       AND (d.lease_until IS NULL OR d.lease_until <= $3)
       AND NOT ${HELD_BACK}
     ORDER BY d.next_attempt_at, d.seq
     LIMIT $4
     FOR UPDATE OF d SKIP LOCKED)
  UPDATE deliveries d SET lease_owner = $1, lease_until = $2
    FROM due, events e, registers r
   WHERE d.id = due.id AND e.id = d.event_id AND r.id = e.register_id
  RETURNING d.id, d.event_id, d.message_id, d.contract, d.attempts, d.schedule_base, d.request_xml, e.payload, r.code AS register_code`;

/** When the next claimable delivery falls due: leased and held-back ones don't count. */
export const NEXT_DUE = `
  SELECT MIN(GREATEST(d.next_attempt_at, COALESCE(d.lease_until, 0))) AS due
    FROM deliveries d
   WHERE d.next_attempt_at IS NOT NULL AND NOT ${HELD_BACK}`;

/** The new state and the attempt together; nothing at all if this worker lost its lease. */
export const RECORD_ATTEMPT = `
  WITH recorded AS (
    UPDATE deliveries
       SET status = $3, attempts = attempts + 1, next_attempt_at = $4, lease_owner = NULL, lease_until = NULL,
           receipt_number = $5, receipt_status = $6, registered_at = $7, rejection_code = $8, rejection_reason = $9,
           last_error = $10, updated_at = $11, finished_at = $12
     WHERE id = $1 AND lease_owner = $2 AND status IN ('accepted', 'retrying')
    RETURNING id)
  INSERT INTO attempts (delivery_id, number, started_at, duration_ms, outcome, http_status, error_class, detail, response_excerpt)
  SELECT id, $13::integer, $14::bigint, $15::integer, $16::text, $17::integer, $18::text, $19::text, $20::text FROM recorded`;

/** Keeps the first signature only (every retry must carry the same bytes) and returns the one kept. */
export const SAVE_SIGNED_REQUEST = `
  WITH saved AS (
    UPDATE deliveries SET request_xml = $2 WHERE id = $1 AND lease_owner = $3 AND request_xml IS NULL
    RETURNING request_xml)
  SELECT COALESCE((SELECT request_xml FROM saved), (SELECT request_xml FROM deliveries WHERE id = $1)) AS request_xml`;

export const COUNT_BY_STATUS = `SELECT ${VISIBLE_STATUS} AS status, COUNT(*) AS n FROM deliveries d GROUP BY 1`;

/** Holds an operator action and a claim of the same delivery apart: whichever locks first goes first. */
export const LOCK_DELIVERY_OF_EVENT = `SELECT id FROM deliveries WHERE event_id = $1 FOR UPDATE`;

export const CANCEL = `
  UPDATE deliveries
     SET status = 'cancelled', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, cancel_reason = $2, updated_at = $3, finished_at = $3
   WHERE id = $1`;

/** A failed delivery, or one still retrying, is tried again now with a fresh schedule. */
export const RETRY_SAME_MESSAGE = `
  UPDATE deliveries
     SET status = 'retrying', next_attempt_at = $2, lease_owner = NULL, lease_until = NULL, schedule_base = attempts, finished_at = NULL, updated_at = $2
   WHERE id = $1`;

/** DMS remembers its verdict per message id: a rejected delivery is resent as a new, newly signed message. */
export const RETRY_NEW_MESSAGE = `
  UPDATE deliveries
     SET status = 'retrying', next_attempt_at = $2, lease_owner = NULL, lease_until = NULL, schedule_base = attempts, finished_at = NULL, updated_at = $2,
         message_id = $3, request_xml = NULL, rejection_code = NULL, rejection_reason = NULL
   WHERE id = $1`;

export const EXPEDITE_RETRIES = `
  UPDATE deliveries SET next_attempt_at = $1, updated_at = $1
   WHERE status = 'retrying' AND next_attempt_at > $1 AND lease_owner IS NULL`;

export const AUDIT_FOR_EVENT = `SELECT * FROM audit_log WHERE event_id = $1 ORDER BY id`;

export const SECRET = `SELECT value FROM settings WHERE name = $1`;
/** Instances starting together may all make one: the first stored wins, the others read it. */
export const INSERT_SECRET = `INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`;

export const COUNT_REGISTERS = `SELECT COUNT(*) AS n FROM registers`;
export const INSERT_REGISTER = `INSERT INTO registers (id, code, name, api_key_hash, created_at) VALUES ($1, $2, $3, $4, $5)`;
export const REGISTER_BY_KEY = `SELECT id, code, name, created_at FROM registers WHERE api_key_hash = $1`;

export const COUNT_OPERATORS = `SELECT COUNT(*) AS n FROM operators`;
export const INSERT_OPERATOR = `INSERT INTO operators (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)`;
export const OPERATOR_BY_TOKEN = `SELECT id, name, role, created_at FROM operators WHERE token_hash = $1`;

export const ATTEMPTS_OF = `SELECT * FROM attempts WHERE delivery_id = $1 ORDER BY number`;

/** Two instances with the same new key at once: one inserts, the other waits for it and inserts nothing. */
export const INSERT_IDEMPOTENCY = `
  INSERT INTO idempotency_keys (register_id, key, request_hash, state, locked_until, created_at)
  VALUES ($1, $2, $3, 'in_flight', $4, $5)
  ON CONFLICT (register_id, key) DO NOTHING`;
export const LOCK_IDEMPOTENCY_RECORD = `SELECT * FROM idempotency_keys WHERE register_id = $1 AND key = $2 FOR UPDATE`;
export const DELETE_IDEMPOTENCY = `DELETE FROM idempotency_keys WHERE register_id = $1 AND key = $2`;
export const TAKE_OVER_IDEMPOTENCY = `UPDATE idempotency_keys SET locked_until = $3 WHERE register_id = $1 AND key = $2`;
export const COMPLETE_IDEMPOTENCY = `
  UPDATE idempotency_keys
     SET state = 'done', locked_until = NULL, response_status = $3, response_headers = $4, response_body = $5
   WHERE register_id = $1 AND key = $2`;
export const ABANDON_IDEMPOTENCY = `DELETE FROM idempotency_keys WHERE register_id = $1 AND key = $2 AND state = 'in_flight'`;
/** Past retention a key is gone whatever its state: an in-flight one that old belonged to a dead process. */
export const PURGE_IDEMPOTENCY = `DELETE FROM idempotency_keys WHERE created_at < $1`;

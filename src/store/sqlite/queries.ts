// The SQLite store's statements, as SQL. One statement per state change, in the manner of
// graphile-worker. `d` is always the deliveries row in question.
import { HELD_BACK, VISIBLE_STATUS, WAITING_FOR_COLUMNS } from '../sql/person-order.ts';

export const EVENT_DETAILS = `
  SELECT e.id, e.register_id, e.register_event_id, e.type, e.occurred_at, e.received_at, e.warnings,
         ${VISIBLE_STATUS} AS status,
         d.id AS delivery_id, d.message_id, d.contract, d.status AS delivery_status, d.attempts, d.next_attempt_at,
         d.lease_until, d.receipt_number, d.receipt_status, d.registered_at, d.rejection_code, d.rejection_reason,
         d.last_error, d.cancel_reason, d.finished_at,
         ${WAITING_FOR_COLUMNS}
    FROM events e JOIN deliveries d ON d.event_id = e.id
   WHERE e.id = ?`;

export const FIND_EVENT_BY_REGISTER_ID = `SELECT id, content_hash FROM events WHERE register_id = ? AND register_event_id = ?`;

export const INSERT_EVENT = `
  INSERT INTO events (id, register_id, register_event_id, type, occurred_at, person_key, content_hash, payload, warnings, received_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const INSERT_DELIVERY = `
  INSERT INTO deliveries (id, event_id, contract, message_id, person_key, occurred_at_ms, seq, status, attempts,
                          next_attempt_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM deliveries), 'accepted', 0, ?, ?, ?)`;

/** Due, not leased, and first in its person's queue. */
export const CLAIM_DUE = `
  UPDATE deliveries SET lease_owner = ?, lease_until = ?
   WHERE id IN (SELECT d.id FROM deliveries d
                 WHERE d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= ?
                   AND (d.lease_until IS NULL OR d.lease_until <= ?)
                   AND NOT ${HELD_BACK}
                 ORDER BY d.next_attempt_at, d.seq
                 LIMIT ?)
  RETURNING id`;

export const CLAIMED_DELIVERY = `
  SELECT d.id, d.event_id, d.message_id, d.contract, d.attempts, d.schedule_base, d.request_xml, e.payload, r.code AS register_code
    FROM deliveries d JOIN events e ON e.id = d.event_id JOIN registers r ON r.id = e.register_id
   WHERE d.id = ?`;

/** When the next claimable delivery falls due: leased and held-back ones don't count. */
export const NEXT_DUE = `
  SELECT MIN(MAX(d.next_attempt_at, COALESCE(d.lease_until, 0))) AS due
    FROM deliveries d
   WHERE d.next_attempt_at IS NOT NULL AND NOT ${HELD_BACK}`;

export const RECORD_RESULT = `
  UPDATE deliveries
     SET status = ?, attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
         receipt_number = ?, receipt_status = ?, registered_at = ?, rejection_code = ?, rejection_reason = ?,
         last_error = ?, updated_at = ?, finished_at = ?
   WHERE id = ? AND lease_owner = ? AND status IN ('accepted', 'retrying')`;

export const INSERT_ATTEMPT = `
  INSERT INTO attempts (delivery_id, number, started_at, duration_ms, outcome, http_status, error_class, detail, response_excerpt)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const COUNT_BY_STATUS = `SELECT ${VISIBLE_STATUS} AS status, COUNT(*) AS n FROM deliveries d GROUP BY 1`;

export const CANCEL = `
  UPDATE deliveries
     SET status = 'cancelled', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, cancel_reason = ?, updated_at = ?, finished_at = ?
   WHERE id = ?`;

/** A failed delivery, or one still retrying, is tried again now with a fresh schedule. */
export const RETRY_SAME_MESSAGE = `
  UPDATE deliveries
     SET status = 'retrying', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, schedule_base = attempts, finished_at = NULL, updated_at = ?
   WHERE id = ?`;

/** DMS remembers its verdict per message id: a rejected delivery is resent as a new, newly signed message. */
export const RETRY_NEW_MESSAGE = `
  UPDATE deliveries
     SET status = 'retrying', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, schedule_base = attempts, finished_at = NULL, updated_at = ?,
         message_id = ?, request_xml = NULL, rejection_code = NULL, rejection_reason = NULL
   WHERE id = ?`;

export const EXPEDITE_RETRIES = `
  UPDATE deliveries SET next_attempt_at = ?, updated_at = ?
   WHERE status = 'retrying' AND next_attempt_at > ? AND lease_owner IS NULL`;

export const AUDIT_FOR_EVENT = `SELECT * FROM audit_log WHERE event_id = ? ORDER BY id`;

export const SECRET = `SELECT value FROM settings WHERE name = ?`;
export const INSERT_SECRET = `INSERT INTO settings (name, value) VALUES (?, ?)`;

export const COUNT_REGISTERS = `SELECT COUNT(*) AS n FROM registers`;
export const INSERT_REGISTER = `INSERT INTO registers (id, code, name, api_key_hash, created_at) VALUES (?, ?, ?, ?, ?)`;
export const REGISTER_BY_KEY = `SELECT id, code, name, created_at FROM registers WHERE api_key_hash = ?`;

export const COUNT_OPERATORS = `SELECT COUNT(*) AS n FROM operators`;
export const INSERT_OPERATOR = `INSERT INTO operators (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`;
export const OPERATOR_BY_TOKEN = `SELECT id, name, role, created_at FROM operators WHERE token_hash = ?`;

export const ATTEMPTS_OF = `SELECT * FROM attempts WHERE delivery_id = ? ORDER BY number`;

export const IDEMPOTENCY_RECORD = `SELECT * FROM idempotency_keys WHERE register_id = ? AND key = ?`;
export const DELETE_IDEMPOTENCY = `DELETE FROM idempotency_keys WHERE register_id = ? AND key = ?`;
export const INSERT_IDEMPOTENCY = `
  INSERT INTO idempotency_keys (register_id, key, request_hash, state, locked_until, created_at)
  VALUES (?, ?, ?, 'in_flight', ?, ?)`;
export const TAKE_OVER_IDEMPOTENCY = `UPDATE idempotency_keys SET locked_until = ? WHERE register_id = ? AND key = ?`;
export const COMPLETE_IDEMPOTENCY = `
  UPDATE idempotency_keys
     SET state = 'done', locked_until = NULL, response_status = ?, response_headers = ?, response_body = ?
   WHERE register_id = ? AND key = ?`;
export const ABANDON_IDEMPOTENCY = `DELETE FROM idempotency_keys WHERE register_id = ? AND key = ? AND state = 'in_flight'`;
/** Past retention a key is gone whatever its state: an in-flight one that old belonged to a dead process. */
export const PURGE_IDEMPOTENCY = `DELETE FROM idempotency_keys WHERE created_at < ?`;

export const SAVE_SIGNED_REQUEST = `UPDATE deliveries SET request_xml = ? WHERE id = ? AND lease_owner = ? AND request_xml IS NULL`;
export const SIGNED_REQUEST = `SELECT request_xml FROM deliveries WHERE id = ?`;

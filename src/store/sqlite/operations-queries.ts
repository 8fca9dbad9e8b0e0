// SQLite statements of the operator side (delivery log, dashboard, evidence, replays, purge).
import { VISIBLE_STATUS } from '../sql/person-order.ts';

/** Filters shared by the log queries; a null parameter means "any". */
const LOG_FILTER = `
       ($status IS NULL OR ${VISIBLE_STATUS} = $status)
   AND ($registerId IS NULL OR e.register_id = $registerId)
   AND ($registerCode IS NULL OR r.code = $registerCode)
   AND ($type IS NULL OR e.type = $type)
   AND ($from IS NULL OR e.received_at >= $from)
   AND ($to IS NULL OR e.received_at < $to)
   AND ($personKey IS NULL OR e.person_key = $personKey)`;

const LOG_COLUMNS = `
  e.id, e.register_event_id, r.code AS register_code, e.type, ${VISIBLE_STATUS} AS status, e.received_at, e.occurred_at,
  d.attempts, d.next_attempt_at, d.finished_at, d.last_error, d.receipt_number`;

const LOG_FROM = `FROM events e JOIN deliveries d ON d.event_id = e.id JOIN registers r ON r.id = e.register_id`;

export const LOG_PAGE = `
  SELECT ${LOG_COLUMNS} ${LOG_FROM}
   WHERE ${LOG_FILTER}
     AND ($beforeReceived IS NULL OR e.received_at < $beforeReceived OR (e.received_at = $beforeReceived AND e.id < $beforeId))
   ORDER BY e.received_at DESC, e.id DESC
   LIMIT $limit`;

export const LOG_SCAN = `
  SELECT ${LOG_COLUMNS} ${LOG_FROM}
   WHERE ${LOG_FILTER}
     AND ($afterReceived IS NULL OR e.received_at > $afterReceived OR (e.received_at = $afterReceived AND e.id > $afterId))
   ORDER BY e.received_at, e.id
   LIMIT $limit`;

export const LOG_COUNT = `SELECT COUNT(*) AS n ${LOG_FROM} WHERE ${LOG_FILTER}`;

export const COUNT_BY_STATUS_FOR = `
  SELECT ${VISIBLE_STATUS} AS status, COUNT(*) AS n
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE ($registerId IS NULL OR e.register_id = $registerId)
   GROUP BY 1`;

export const OLDEST_WAITING = `
  SELECT e.id, e.register_event_id, e.received_at
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.status IN ('accepted', 'retrying') AND ($registerId IS NULL OR e.register_id = $registerId)
   ORDER BY e.received_at, e.id
   LIMIT 1`;

export const FINISHED_PER_HOUR = `
  SELECT (d.finished_at / 3600000) * 3600000 AS hour_start, d.status, COUNT(*) AS n
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.finished_at >= $since AND ($registerId IS NULL OR e.register_id = $registerId)
   GROUP BY 1, 2
   ORDER BY 1`;

export const REGISTER_CODES = `SELECT id, code FROM registers`;

export const INSERT_AUDIT = `INSERT INTO audit_log (at, actor, action, event_id, reason, detail) VALUES (?, ?, ?, ?, ?, ?)`;
export const AUDIT_PAGE = `SELECT * FROM audit_log WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`;

export const LAST_EVIDENCE = `SELECT id, entry_hash FROM evidence_log ORDER BY id DESC LIMIT 1`;
export const INSERT_EVIDENCE = `
  INSERT INTO evidence_log (id, at, event_id, message_id, attempt, outcome, http_status, signer, request_digest, request_body,
                            response_digest, response_body, prev_hash, entry_hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const EVIDENCE_FOR_EVENT = `SELECT * FROM evidence_log WHERE event_id = ? ORDER BY id`;
export const EVIDENCE_CHAIN = `SELECT * FROM evidence_log WHERE id > ? ORDER BY id LIMIT ?`;

export const INSERT_REPLAY_JOB = `
  INSERT INTO replay_jobs (id, state, filter, reason, created_by, created_at, total)
  VALUES (?, 'running', ?, ?, ?, ?, ?)`;
export const REPLAY_JOB = `SELECT * FROM replay_jobs WHERE id = ?`;
export const REPLAY_JOBS = `SELECT * FROM replay_jobs ORDER BY created_at DESC, id DESC LIMIT ?`;
export const CLAIM_REPLAY_JOB = `
  UPDATE replay_jobs SET lease_owner = ?, lease_until = ?
   WHERE id = (SELECT id FROM replay_jobs
                WHERE state = 'running' AND (lease_until IS NULL OR lease_until <= ?)
                ORDER BY created_at LIMIT 1)
  RETURNING *`;
export const SAVE_REPLAY_PROGRESS = `
  UPDATE replay_jobs
     SET processed = ?, retried = ?, skipped = ?, after_received = ?, after_id = ?,
         state = CASE WHEN ? THEN 'done' ELSE state END,
         finished_at = CASE WHEN ? THEN ? ELSE finished_at END,
         lease_until = CASE WHEN ? THEN NULL ELSE ? END,
         lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END
   WHERE id = ? AND lease_owner = ? AND state = 'running'`;
export const CANCEL_REPLAY_JOB = `
  UPDATE replay_jobs SET state = 'cancelled', finished_at = ?, lease_owner = NULL, lease_until = NULL
   WHERE id = ? AND state = 'running'`;

/**
 * Deliveries done with (delivered, or cancelled by an operator) past retention: their personal data
 * goes, digests and metadata stay. Rejected and failed ones are kept whole: an operator may still
 * retry them, which needs the event.
 */
const EXPIRED = `SELECT d.event_id FROM deliveries d JOIN events e ON e.id = d.event_id
                  WHERE d.status IN ('delivered', 'cancelled') AND d.finished_at < ? AND e.purged_at IS NULL`;
export const PURGE_EVIDENCE = `
  UPDATE evidence_log SET request_body = NULL, response_body = NULL, purged_at = ?
   WHERE event_id IN (${EXPIRED}) AND (request_body IS NOT NULL OR response_body IS NOT NULL)`;
export const PURGE_DELIVERIES = `UPDATE deliveries SET request_xml = NULL WHERE event_id IN (${EXPIRED})`;
export const PURGE_ATTEMPTS = `
  UPDATE attempts SET response_excerpt = NULL
   WHERE delivery_id IN (SELECT d.id FROM deliveries d WHERE d.event_id IN (${EXPIRED}))`;
export const PURGE_EVENTS = `UPDATE events SET payload = '{}', purged_at = ? WHERE id IN (${EXPIRED})`;

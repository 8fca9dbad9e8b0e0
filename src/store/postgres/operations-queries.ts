// PostgreSQL statements of the operator side (delivery log, dashboard, evidence, replays, purge),
// with the meaning of their SQLite twins. Parameters that may be null say their type, since
// "$n IS NULL" alone gives PostgreSQL nothing to infer it from.
import { VISIBLE_STATUS } from '../sql/person-order.ts';

/** Filters shared by the log queries, $1–$7; a null parameter means "any". */
const LOG_FILTER = `
       ($1::text IS NULL OR ${VISIBLE_STATUS} = $1::text)
   AND ($2::text IS NULL OR e.register_id = $2::text)
   AND ($3::text IS NULL OR r.code = $3::text)
   AND ($4::text IS NULL OR e.type = $4::text)
   AND ($5::bigint IS NULL OR e.received_at >= $5::bigint)
   AND ($6::bigint IS NULL OR e.received_at < $6::bigint)
   AND ($7::text IS NULL OR e.person_key = $7::text)`;

const LOG_COLUMNS = `
  e.id, e.register_event_id, r.code AS register_code, e.type, ${VISIBLE_STATUS} AS status, e.received_at, e.occurred_at,
  d.attempts, d.next_attempt_at, d.finished_at, d.last_error, d.receipt_number`;

const LOG_FROM = `FROM events e JOIN deliveries d ON d.event_id = e.id JOIN registers r ON r.id = e.register_id`;

/** Filter $1–$7, then the position $8 (received_at), $9 (id) and the limit $10. */
export const LOG_PAGE = `
  SELECT ${LOG_COLUMNS} ${LOG_FROM}
   WHERE ${LOG_FILTER}
     AND ($8::bigint IS NULL OR e.received_at < $8::bigint OR (e.received_at = $8::bigint AND e.id < $9::text))
   ORDER BY e.received_at DESC, e.id DESC
   LIMIT $10`;

export const LOG_SCAN = `
  SELECT ${LOG_COLUMNS} ${LOG_FROM}
   WHERE ${LOG_FILTER}
     AND ($8::bigint IS NULL OR e.received_at > $8::bigint OR (e.received_at = $8::bigint AND e.id > $9::text))
   ORDER BY e.received_at, e.id
   LIMIT $10`;

export const LOG_COUNT = `SELECT COUNT(*) AS n ${LOG_FROM} WHERE ${LOG_FILTER}`;

export const COUNT_BY_STATUS_FOR = `
  SELECT ${VISIBLE_STATUS} AS status, COUNT(*) AS n
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE ($1::text IS NULL OR e.register_id = $1::text)
   GROUP BY 1`;

export const OLDEST_WAITING = `
  SELECT e.id, e.register_event_id, e.received_at
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.status IN ('accepted', 'retrying') AND ($1::text IS NULL OR e.register_id = $1::text)
   ORDER BY e.received_at, e.id
   LIMIT 1`;

export const FINISHED_PER_HOUR = `
  SELECT (d.finished_at / 3600000) * 3600000 AS hour_start, d.status, COUNT(*) AS n
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.finished_at >= $1 AND ($2::text IS NULL OR e.register_id = $2::text)
   GROUP BY 1, 2
   ORDER BY 1`;

export const REGISTER_CODES = `SELECT id, code FROM registers`;

export const INSERT_AUDIT = `INSERT INTO audit_log (at, actor, action, event_id, reason, detail) VALUES ($1, $2, $3, $4, $5, $6)`;
export const AUDIT_PAGE = `SELECT * FROM audit_log WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`;

/**
 * The chain is numbered without gaps, one entry after another, whichever instance writes it: the
 * writer holds this lock until it commits. Readers are not held up.
 */
export const LOCK_EVIDENCE = `LOCK TABLE evidence_log IN SHARE ROW EXCLUSIVE MODE`;
export const LAST_EVIDENCE = `SELECT id, entry_hash FROM evidence_log ORDER BY id DESC LIMIT 1`;
export const INSERT_EVIDENCE = `
  INSERT INTO evidence_log (id, at, event_id, message_id, attempt, outcome, http_status, signer, request_digest, request_body,
                            response_digest, response_body, prev_hash, entry_hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;
export const EVIDENCE_FOR_EVENT = `SELECT * FROM evidence_log WHERE event_id = $1 ORDER BY id`;
export const EVIDENCE_CHAIN = `SELECT * FROM evidence_log WHERE id > $1 ORDER BY id LIMIT $2`;

export const INSERT_REPLAY_JOB = `
  INSERT INTO replay_jobs (id, state, filter, reason, created_by, created_at, total)
  VALUES ($1, 'running', $2, $3, $4, $5, $6)`;
export const REPLAY_JOB = `SELECT * FROM replay_jobs WHERE id = $1`;
export const REPLAY_JOBS = `SELECT * FROM replay_jobs ORDER BY created_at DESC, id DESC LIMIT $1`;
/** A running job no live process holds; one another instance is claiming right now is skipped. */
export const CLAIM_REPLAY_JOB = `
  UPDATE replay_jobs SET lease_owner = $1, lease_until = $2
   WHERE id = (SELECT id FROM replay_jobs
                WHERE state = 'running' AND (lease_until IS NULL OR lease_until <= $3)
                ORDER BY created_at LIMIT 1
                FOR UPDATE SKIP LOCKED)
  RETURNING *`;
/** $6: whether the job is done. */
export const SAVE_REPLAY_PROGRESS = `
  UPDATE replay_jobs
     SET processed = $1, retried = $2, skipped = $3, after_received = $4, after_id = $5,
         state = CASE WHEN $6::boolean THEN 'done' ELSE state END,
         finished_at = CASE WHEN $6::boolean THEN $7::bigint ELSE finished_at END,
         lease_until = CASE WHEN $6::boolean THEN NULL ELSE $8::bigint END,
         lease_owner = CASE WHEN $6::boolean THEN NULL ELSE lease_owner END
   WHERE id = $9 AND lease_owner = $10 AND state = 'running'`;
export const CANCEL_REPLAY_JOB = `
  UPDATE replay_jobs SET state = 'cancelled', finished_at = $1, lease_owner = NULL, lease_until = NULL
   WHERE id = $2 AND state = 'running'`;

/** Finished deliveries past retention ($1): their personal data goes, digests and metadata stay. */
/** Delivered or cancelled past retention; rejected and failed ones may still be retried (see SQLite's). */
const EXPIRED = `SELECT d.event_id FROM deliveries d JOIN events e ON e.id = d.event_id
                  WHERE d.status IN ('delivered', 'cancelled') AND d.finished_at < $1 AND e.purged_at IS NULL`;
export const PURGE_EVIDENCE = `
  UPDATE evidence_log SET request_body = NULL, response_body = NULL, purged_at = $2
   WHERE event_id IN (${EXPIRED}) AND (request_body IS NOT NULL OR response_body IS NOT NULL)`;
export const PURGE_DELIVERIES = `UPDATE deliveries SET request_xml = NULL WHERE event_id IN (${EXPIRED})`;
export const PURGE_ATTEMPTS = `
  UPDATE attempts SET response_excerpt = NULL
   WHERE delivery_id IN (SELECT d.id FROM deliveries d WHERE d.event_id IN (${EXPIRED}))`;
/** $2: when. */
export const PURGE_EVENTS = `UPDATE events SET payload = '{}', purged_at = $2 WHERE id IN (${EXPIRED})`;

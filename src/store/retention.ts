// The retention purge: deliveries done with (delivered, or cancelled by an operator) past retention
// lose their personal data; digests and metadata stay. Rejected and failed ones are kept whole: an
// operator may still retry them, which needs the event. Notices lose the person, the permit and the
// signed message once every register they were routed to acknowledged them, a retention period ago;
// an unrouted or unacknowledged notice is still to be acted on and stays whole.
import type { Database } from './db/database.ts';

export interface PurgeResult {
  events: number;
  evidence: number;
  notices: number;
}

const EXPIRED = `SELECT d.event_id FROM deliveries d JOIN events e ON e.id = d.event_id
                  WHERE d.status IN ('delivered', 'cancelled') AND d.finished_at < :finishedBefore AND e.purged_at IS NULL`;
const PURGE_EVIDENCE = `
  UPDATE evidence_log SET request_body = NULL, response_body = NULL, purged_at = :now
   WHERE event_id IN (${EXPIRED}) AND (request_body IS NOT NULL OR response_body IS NOT NULL)`;
const PURGE_DELIVERIES = `UPDATE deliveries SET request_xml = NULL WHERE event_id IN (${EXPIRED})`;
const PURGE_ATTEMPTS = `
  UPDATE attempts SET response_excerpt = NULL
   WHERE delivery_id IN (SELECT d.id FROM deliveries d WHERE d.event_id IN (${EXPIRED}))`;
/** Last: it marks the events purged, which takes them out of EXPIRED. */
const PURGE_EVENTS = `UPDATE events SET payload = '{}', purged_at = :now WHERE id IN (${EXPIRED})`;

const EXPIRED_NOTICES = `
  SELECT n.id FROM notices n
   WHERE n.purged_at IS NULL
     AND EXISTS (SELECT 1 FROM notice_routes r WHERE r.notice_id = n.id)
     AND NOT EXISTS (SELECT 1 FROM notice_routes r
                      WHERE r.notice_id = n.id AND (r.acknowledged_at IS NULL OR r.acknowledged_at >= :finishedBefore))`;
/** A notice's evidence entries are keyed `notice:<id>` (store/notices.ts). */
const PURGE_NOTICE_EVIDENCE = `
  UPDATE evidence_log SET request_body = NULL, response_body = NULL, purged_at = :now
   WHERE event_id IN (SELECT 'notice:' || x.id FROM (${EXPIRED_NOTICES}) x)
     AND (request_body IS NOT NULL OR response_body IS NOT NULL)`;
/** Last: it marks the notices purged. The person becomes an empty object in clear: nothing is left to hide. */
const PURGE_NOTICES = `
  UPDATE notices SET person = '{}', document = NULL, message_xml = '', purged_at = :now
   WHERE id IN (${EXPIRED_NOTICES})`;

export function createRetention(db: Database) {
  return {
    /** Removes personal data of deliveries finished, and of notices last acknowledged, before `finishedBefore`. */
    purgePersonalData: (finishedBefore: number, now: number): Promise<PurgeResult> =>
      db.transaction(async (tx) => {
        const params = { finishedBefore, now };
        // The deliveries' rows before the evidence log, in the order an outcome takes them (its
        // delivery FOR SHARE, then the evidence lock): the other way round the two could deadlock.
        await tx.run(PURGE_DELIVERIES, params);
        const evidence = await tx.run(PURGE_EVIDENCE, params);
        await tx.run(PURGE_ATTEMPTS, params);
        const events = await tx.run(PURGE_EVENTS, params);
        const noticeEvidence = await tx.run(PURGE_NOTICE_EVIDENCE, params);
        const notices = await tx.run(PURGE_NOTICES, params);
        return { events, evidence: evidence + noticeEvidence, notices };
      }),
  };
}

export type Retention = ReturnType<typeof createRetention>;

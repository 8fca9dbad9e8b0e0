-- A purged body is marked as such, so that verify-log can tell a retention purge from a body that
-- was removed some other way (which it reports as a break).
ALTER TABLE evidence_log ADD COLUMN purged_at INTEGER;

-- Evidence purged before this column existed: the event's purge mark says when.
UPDATE evidence_log SET purged_at = (SELECT e.purged_at FROM events e WHERE e.id = evidence_log.event_id)
 WHERE request_body IS NULL;

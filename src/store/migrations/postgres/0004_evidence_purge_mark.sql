-- A purged body is marked as such, so that verify-log can tell a retention purge from a body that
-- was removed some other way (which it reports as a break).
ALTER TABLE evidence_log ADD COLUMN purged_at BIGINT;

UPDATE evidence_log l SET purged_at = e.purged_at FROM events e WHERE e.id = l.event_id AND l.request_body IS NULL;

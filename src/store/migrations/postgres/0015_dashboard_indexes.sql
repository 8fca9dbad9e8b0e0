-- The dashboard's figures without visiting every delivery. Finished per hour reads finished_at and
-- status only: a covering index (it replaces the index of finished_at alone). Counts by status look
-- for `blocked` only among the people with a rejected or failed delivery: a small partial index.
DROP INDEX deliveries_finished;
CREATE INDEX deliveries_finished_status ON deliveries (finished_at, status) WHERE finished_at IS NOT NULL;
CREATE INDEX deliveries_blocking ON deliveries (person_key) WHERE status IN ('rejected', 'failed');

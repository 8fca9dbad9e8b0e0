-- Operators' needs, as SQLite's 0003: the evidence log (every exchange with DMS, hash-chained),
-- bulk replay jobs, the retention purge, and indexes for the delivery log's filters.

CREATE TABLE evidence_log (
  -- numbered by the store under a lock, without gaps, as the chain needs: not a sequence
  id               BIGINT PRIMARY KEY,
  at               BIGINT NOT NULL,
  event_id         TEXT NOT NULL,
  message_id       TEXT NOT NULL,
  attempt          INTEGER NOT NULL,
  outcome          TEXT NOT NULL,
  http_status      INTEGER,
  signer           TEXT,
  request_digest   TEXT NOT NULL,
  request_body     TEXT,
  response_digest  TEXT,
  response_body    TEXT,
  prev_hash        TEXT NOT NULL,
  entry_hash       TEXT NOT NULL
);

CREATE INDEX evidence_log_event ON evidence_log (event_id, id);

CREATE TABLE replay_jobs (
  id             TEXT PRIMARY KEY,
  state          TEXT NOT NULL CHECK (state IN ('running', 'done', 'cancelled')),
  filter         TEXT NOT NULL,
  reason         TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  total          INTEGER NOT NULL,
  processed      INTEGER NOT NULL DEFAULT 0,
  retried        INTEGER NOT NULL DEFAULT 0,
  skipped        INTEGER NOT NULL DEFAULT 0,
  -- where the job has got to, in (received_at, event id) order
  after_received BIGINT,
  after_id       TEXT,
  lease_owner    TEXT,
  lease_until    BIGINT,
  finished_at    BIGINT
);

ALTER TABLE events ADD COLUMN purged_at BIGINT;

CREATE INDEX events_received ON events (received_at, id);
CREATE INDEX events_person ON events (person_key);
CREATE INDEX deliveries_status ON deliveries (status);
CREATE INDEX deliveries_finished ON deliveries (finished_at) WHERE finished_at IS NOT NULL;

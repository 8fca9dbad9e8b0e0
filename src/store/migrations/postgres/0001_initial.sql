-- The whole schema of SQLite's 0001_initial and 0002_order_operators_audit in one step: PostgreSQL
-- installations start here, so there are no older rows to carry over. Later migrations take the
-- next free number in both folders. Same tables, columns, constraints and meaning as SQLite's;
-- times are milliseconds since the epoch (BIGINT), JSON stays TEXT so it reads back byte for byte.

CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE registers (
  id           TEXT PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  api_key_hash TEXT NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL
);

CREATE TABLE events (
  id                TEXT PRIMARY KEY,
  register_id       TEXT NOT NULL REFERENCES registers (id),
  register_event_id TEXT NOT NULL,
  type              TEXT NOT NULL,
  occurred_at       TEXT NOT NULL,
  person_key        TEXT NOT NULL,
  content_hash      TEXT NOT NULL,
  payload           TEXT NOT NULL,
  warnings          TEXT NOT NULL,
  received_at       BIGINT NOT NULL,
  UNIQUE (register_id, register_event_id)
);

CREATE TABLE deliveries (
  id               TEXT PRIMARY KEY,
  event_id         TEXT NOT NULL UNIQUE REFERENCES events (id),
  contract         TEXT NOT NULL,
  message_id       TEXT NOT NULL UNIQUE,
  person_key       TEXT NOT NULL,
  occurred_at_ms   BIGINT NOT NULL,
  -- Arrival order. SQLite takes MAX(seq) + 1 under its single writer lock; several writers need a
  -- sequence instead (its numbers may have gaps, only their order matters).
  seq              BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  status           TEXT NOT NULL CHECK (status IN ('accepted', 'retrying', 'delivered', 'rejected', 'failed', 'cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  schedule_base    INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT,
  lease_owner      TEXT,
  lease_until      BIGINT,
  request_xml      TEXT,
  receipt_number   TEXT,
  receipt_status   TEXT,
  registered_at    TEXT,
  rejection_code   TEXT,
  rejection_reason TEXT,
  last_error       TEXT,
  cancel_reason    TEXT,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  finished_at      BIGINT
);

-- Only unfinished deliveries have a next attempt; the worker's claim reads this index.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
-- A person's queue, in the order the register produced the events.
CREATE INDEX deliveries_person ON deliveries (person_key, occurred_at_ms, seq);

CREATE TABLE attempts (
  delivery_id      TEXT NOT NULL REFERENCES deliveries (id),
  number           INTEGER NOT NULL,
  started_at       BIGINT NOT NULL,
  duration_ms      INTEGER NOT NULL,
  outcome          TEXT NOT NULL CHECK (outcome IN ('delivered', 'rejected', 'retryable')),
  http_status      INTEGER,
  error_class      TEXT,
  detail           TEXT,
  response_excerpt TEXT,
  PRIMARY KEY (delivery_id, number)
);

CREATE TABLE idempotency_keys (
  register_id      TEXT NOT NULL REFERENCES registers (id),
  key              TEXT NOT NULL,
  request_hash     TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
  locked_until     BIGINT,
  response_status  INTEGER,
  response_headers TEXT,
  response_body    TEXT,
  created_at       BIGINT NOT NULL,
  PRIMARY KEY (register_id, key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE operators (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       BIGINT NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  event_id TEXT,
  reason   TEXT,
  detail   TEXT
);

CREATE INDEX audit_log_event ON audit_log (event_id);

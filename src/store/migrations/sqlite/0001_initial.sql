-- The spine: registers, the events they post, one delivery task per event, every attempt, and the
-- idempotency records of the ingest endpoint. Times are milliseconds since the epoch (INTEGER).

CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE registers (
  id           TEXT PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  api_key_hash TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL
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
  received_at       INTEGER NOT NULL,
  UNIQUE (register_id, register_event_id)
);

CREATE TABLE deliveries (
  id               TEXT PRIMARY KEY,
  event_id         TEXT NOT NULL UNIQUE REFERENCES events (id),
  contract         TEXT NOT NULL,
  message_id       TEXT NOT NULL UNIQUE,
  person_key       TEXT NOT NULL,
  seq              INTEGER NOT NULL UNIQUE,
  status           TEXT NOT NULL CHECK (status IN ('accepted', 'retrying', 'delivered', 'rejected', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  lease_owner      TEXT,
  lease_until      INTEGER,
  request_xml      TEXT,
  receipt_number   TEXT,
  receipt_status   TEXT,
  registered_at    TEXT,
  rejection_code   TEXT,
  rejection_reason TEXT,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  finished_at      INTEGER
);

-- Only unfinished deliveries have a next attempt; the worker's claim reads this index.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX deliveries_person ON deliveries (person_key, seq);

CREATE TABLE attempts (
  delivery_id      TEXT NOT NULL REFERENCES deliveries (id),
  number           INTEGER NOT NULL,
  started_at       INTEGER NOT NULL,
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
  locked_until     INTEGER,
  response_status  INTEGER,
  response_headers TEXT,
  response_body    TEXT,
  created_at       INTEGER NOT NULL,
  PRIMARY KEY (register_id, key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

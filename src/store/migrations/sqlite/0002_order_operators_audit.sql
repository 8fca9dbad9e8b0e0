-- Delivery guarantees: order per person (by the instant the register recorded the act), operator
-- cancellation, a fresh retry schedule after an operator's retry, operators and their audit log.
-- SQLite cannot change a CHECK constraint in place, so deliveries is rebuilt.

CREATE TABLE deliveries_new (
  id               TEXT PRIMARY KEY,
  event_id         TEXT NOT NULL UNIQUE REFERENCES events (id),
  contract         TEXT NOT NULL,
  message_id       TEXT NOT NULL UNIQUE,
  person_key       TEXT NOT NULL,
  occurred_at_ms   INTEGER NOT NULL,
  seq              INTEGER NOT NULL UNIQUE,
  status           TEXT NOT NULL CHECK (status IN ('accepted', 'retrying', 'delivered', 'rejected', 'failed', 'cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  schedule_base    INTEGER NOT NULL DEFAULT 0,
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
  cancel_reason    TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  finished_at      INTEGER
);

INSERT INTO deliveries_new (id, event_id, contract, message_id, person_key, occurred_at_ms, seq, status, attempts,
                            next_attempt_at, lease_owner, lease_until, request_xml, receipt_number, receipt_status,
                            registered_at, rejection_code, rejection_reason, last_error, created_at, updated_at, finished_at)
SELECT d.id, d.event_id, d.contract, d.message_id, d.person_key,
       CAST(unixepoch(e.occurred_at, 'subsec') * 1000 AS INTEGER), d.seq, d.status, d.attempts,
       d.next_attempt_at, d.lease_owner, d.lease_until, d.request_xml, d.receipt_number, d.receipt_status,
       d.registered_at, d.rejection_code, d.rejection_reason, d.last_error, d.created_at, d.updated_at, d.finished_at
  FROM deliveries d JOIN events e ON e.id = d.event_id;

DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
-- A person's queue, in the order the register produced the events.
CREATE INDEX deliveries_person ON deliveries (person_key, occurred_at_ms, seq);

CREATE TABLE operators (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  event_id TEXT,
  reason   TEXT,
  detail   TEXT
);

CREATE INDEX audit_log_event ON audit_log (event_id);

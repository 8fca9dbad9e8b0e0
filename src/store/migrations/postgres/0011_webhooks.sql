-- Webhooks (Standard Webhooks): a register's endpoints with the event types they take, the messages
-- written for them in the transaction of the change they report (a transactional outbox), and each
-- attempt to deliver one. Secrets are kept retrievable (they sign every attempt) in their own
-- columns; during a rotation the previous one signs too, until previous_secret_expires_at.

CREATE TABLE webhook_endpoints (
  id                         TEXT PRIMARY KEY,
  register_id                TEXT NOT NULL REFERENCES registers (id),
  url                        TEXT NOT NULL,
  description                TEXT,
  secret                     TEXT NOT NULL,
  previous_secret            TEXT,
  previous_secret_expires_at BIGINT,
  enabled                    INTEGER NOT NULL DEFAULT 1,
  -- 'register', 'operator' or 'failing' (disabled by the worker after WEBHOOK_DISABLE_AFTER of failures)
  disabled_reason            TEXT,
  disabled_at                BIGINT,
  -- The first failed attempt since the last success: how long the endpoint has been failing.
  failing_since              BIGINT,
  created_at                 BIGINT NOT NULL,
  updated_at                 BIGINT NOT NULL
);

CREATE INDEX webhook_endpoints_register ON webhook_endpoints (register_id);

CREATE TABLE webhook_endpoint_types (
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  type        TEXT NOT NULL,
  PRIMARY KEY (endpoint_id, type)
);

CREATE TABLE webhook_messages (
  id              TEXT PRIMARY KEY,
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  -- Arrival order, for the order per person on one endpoint.
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  type            TEXT NOT NULL,
  person_key      TEXT,
  payload         TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  schedule_base   INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,
  lease_owner     TEXT,
  lease_until     BIGINT,
  last_error      TEXT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);

CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX webhook_messages_person ON webhook_messages (endpoint_id, person_key, seq) WHERE status = 'pending';
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, seq);

CREATE TABLE webhook_attempts (
  message_id  TEXT NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
  number      INTEGER NOT NULL,
  started_at  BIGINT NOT NULL,
  duration_ms INTEGER NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed')),
  http_status INTEGER,
  error       TEXT,
  PRIMARY KEY (message_id, number)
);

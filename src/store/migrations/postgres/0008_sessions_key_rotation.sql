-- Console sessions kept by the server (the cookie carries only a random id, stored here hashed), and
-- key/token rotation and revocation: during a rotation the previous hash keeps working until
-- previous_expires_at; a revoked register or operator is refused at once.

CREATE TABLE sessions (
  id_hash        TEXT PRIMARY KEY,
  principal_kind TEXT NOT NULL CHECK (principal_kind IN ('register', 'operator')),
  principal_id   TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  last_seen_at   BIGINT NOT NULL,
  expires_at     BIGINT NOT NULL
);

CREATE INDEX sessions_principal ON sessions (principal_kind, principal_id);

ALTER TABLE registers ADD COLUMN previous_key_hash TEXT;
ALTER TABLE registers ADD COLUMN previous_key_expires_at BIGINT;
ALTER TABLE registers ADD COLUMN revoked_at BIGINT;
CREATE UNIQUE INDEX registers_previous_key ON registers (previous_key_hash);

ALTER TABLE operators ADD COLUMN previous_token_hash TEXT;
ALTER TABLE operators ADD COLUMN previous_token_expires_at BIGINT;
ALTER TABLE operators ADD COLUMN revoked_at BIGINT;
CREATE UNIQUE INDEX operators_previous_token ON operators (previous_token_hash);

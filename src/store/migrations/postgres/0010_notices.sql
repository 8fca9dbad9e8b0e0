-- Notices from DMS (a death, a temporary permit expired or cancelled, an immigration permit
-- cancelled), stored exactly once by DMS's notice id, and routed to the registers whose territory
-- covers the person's registered address: one row per notice and register, acknowledged by it. A
-- notice without a route row is in the operators' "unrouted" queue.
CREATE TABLE notices (
  id             TEXT PRIMARY KEY,
  dms_notice_id  TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL,
  -- the person as DMS sent it (JSON): personal data, shown masked to operators unless revealed
  person         TEXT NOT NULL,
  katottg        TEXT,
  occurred_on    TEXT NOT NULL,
  document       TEXT,
  issued_at      TEXT NOT NULL,
  received_at    BIGINT NOT NULL,
  -- the signed SOAP message as received, and who signed it (SHA-256 fingerprint and subject)
  message_xml    TEXT NOT NULL,
  message_digest TEXT NOT NULL,
  signer         TEXT NOT NULL
);

CREATE INDEX notices_received ON notices (received_at, id);

CREATE TABLE notice_routes (
  notice_id       TEXT NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
  register_id     TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
  routed_at       BIGINT NOT NULL,
  -- null: routed by territory on receipt; otherwise the operator who routed it
  routed_by       TEXT,
  acknowledged_at BIGINT,
  PRIMARY KEY (notice_id, register_id)
);

CREATE INDEX notice_routes_register ON notice_routes (register_id, routed_at, notice_id);

-- A deregistration may name the notice (DMS's id) that caused it.
ALTER TABLE events ADD COLUMN notice_id TEXT;
CREATE INDEX events_notice ON events (notice_id) WHERE notice_id IS NOT NULL;

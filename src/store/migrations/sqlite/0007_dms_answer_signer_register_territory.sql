-- Authenticated DMS answers: the evidence log keeps who signed DMS's answer (SHA-256 fingerprint of
-- the certificate that verified against the pinned DMS CA), beside the signer of the request.
ALTER TABLE evidence_log ADD COLUMN answer_signer TEXT;

-- Territory: the КАТОТТГ codes a register serves, one row each. A register without rows serves all
-- of Ukraine (the demo register, and every register before this migration).
CREATE TABLE register_territory (
  register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
  katottg     TEXT NOT NULL,
  PRIMARY KEY (register_id, katottg)
);

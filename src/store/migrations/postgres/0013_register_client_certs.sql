-- mTLS for registers: the client certificates a register is bound to, by SHA-256 fingerprint of
-- the certificate or by its subject (the CA is TLS_CLIENT_CA_FILE). Several rows let a renewed
-- certificate overlap the old one. A register without rows authenticates with its key alone (unless
-- TLS_CLIENT_CERT_REQUIRED).
CREATE TABLE register_client_certs (
  register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('fingerprint', 'subject')),
  value       TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (register_id, kind, value)
);

-- Sandbox: a register's test keys (rtg_test_…) belong to its sandbox twin, a registers row of its
-- own (sandbox_of: the live register). Events posted with a test key are the twin's, so idempotency
-- keys, event ids, lists and reads are kept apart from the live ones by the register id alone;
-- `sandbox` marks them (and their evidence entries) wherever they are shown.
ALTER TABLE registers ADD COLUMN sandbox_of TEXT REFERENCES registers (id);
CREATE UNIQUE INDEX registers_sandbox_of ON registers (sandbox_of);

ALTER TABLE events ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evidence_log ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;

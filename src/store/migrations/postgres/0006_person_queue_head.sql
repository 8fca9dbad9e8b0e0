-- Order per person without an order check per candidate: the earliest unsettled delivery of each
-- person (by occurredAt, then arrival) carries queue_head = 1, kept in the same transaction as the
-- ingest and as every change that settles or unsettles a delivery (store/sql/person-order.ts).
-- Claims look at heads only, so one person's long queue costs what as many people's would.
ALTER TABLE deliveries ADD COLUMN queue_head INTEGER NOT NULL DEFAULT 0;

-- The person's unsettled deliveries in order: finds the head, and whether an earlier one is waiting.
CREATE INDEX deliveries_person_unsettled ON deliveries (person_key, occurred_at_ms, seq)
  WHERE status NOT IN ('delivered', 'cancelled');
-- The head of a person, to move it.
CREATE INDEX deliveries_person_head ON deliveries (person_key) WHERE queue_head = 1;
-- The claims: due heads in the order they fall due.
CREATE INDEX deliveries_due_heads ON deliveries (next_attempt_at, seq) WHERE queue_head = 1 AND next_attempt_at IS NOT NULL;

UPDATE deliveries SET queue_head = 1
 WHERE id IN (SELECT (SELECT p.id FROM deliveries p
                       WHERE p.person_key = k.person_key AND p.status NOT IN ('delivered', 'cancelled')
                       ORDER BY p.occurred_at_ms, p.seq LIMIT 1)
                FROM (SELECT DISTINCT person_key FROM deliveries WHERE status NOT IN ('delivered', 'cancelled')) k);

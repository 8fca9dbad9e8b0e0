-- An outcome's counter trigger (0016) found its delivery with one statement filtering on both the
-- message id and `status = 'delivered'`. PL/pgSQL keeps a statement's plan for the session, and a plan
-- made while `deliveries` was small could scan the `deliveries_status` index for every delivered row
-- and filter on the message id: each outcome then read all delivered deliveries, so writing outcomes
-- slowed with the rows already stored (the bench's 60,000 events: 104 s instead of 6–16 s).
-- Now the delivery is read by its message id alone (its unique index, the only one that fits), locked
-- FOR SHARE in the same statement, and the counters change only when the row read is delivered.
-- FOR SHARE waits for a transaction changing that row and then returns its committed values, so an
-- outcome and the delivery's `delivered` committed at the same moment still see each other.
CREATE OR REPLACE FUNCTION count_outcome_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  found_status TEXT;
  found_event  TEXT;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT d.status, d.event_id INTO found_status, found_event
      FROM deliveries d WHERE d.message_id = OLD.message_id FOR SHARE;
    IF found_status = 'delivered' THEN
      INSERT INTO status_count_changes (register_id, sandbox, status, n)
      SELECT e.register_id, e.sandbox, m.status, m.n
        FROM events e CROSS JOIN (VALUES ('delivered', 1), (OLD.kind, -1)) AS m (status, n)
       WHERE e.id = found_event;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT d.status, d.event_id INTO found_status, found_event
      FROM deliveries d WHERE d.message_id = NEW.message_id FOR SHARE;
    IF found_status = 'delivered' THEN
      INSERT INTO status_count_changes (register_id, sandbox, status, n)
      SELECT e.register_id, e.sandbox, m.status, m.n
        FROM events e CROSS JOIN (VALUES ('delivered', -1), (NEW.kind, 1)) AS m (status, n)
       WHERE e.id = found_event;
    END IF;
  END IF;
  RETURN NULL;
END
$$;

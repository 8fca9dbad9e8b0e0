-- An outcome's counter trigger (0016) found its delivery with one statement filtering on both the
-- message id and `status = 'delivered'`. PL/pgSQL keeps a statement's plan for the session, and a plan
-- made while `deliveries` was small could scan the `deliveries_status` index for every delivered row
-- and filter on the message id: each outcome then read all delivered deliveries, so writing outcomes
-- slowed with the rows already stored (the bench's 60,000 events: 104 s instead of 6–16 s).
-- Now the delivery is read by its message id alone (its unique index, the only one that fits), locked
-- FOR SHARE in the same statement, and the counters change only when the row read is delivered.
-- FOR SHARE waits for a transaction changing that row and then returns its committed values, so an
-- outcome and the delivery's `delivered` committed at the same moment still see each other.
CREATE FUNCTION move_outcome_count(message TEXT, from_status TEXT, to_status TEXT) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  found_status TEXT;
  found_event  TEXT;
BEGIN
  SELECT d.status, d.event_id INTO found_status, found_event
    FROM deliveries d WHERE d.message_id = message FOR SHARE;
  IF found_status = 'delivered' THEN
    INSERT INTO status_count_changes (register_id, sandbox, status, n)
    SELECT e.register_id, e.sandbox, m.status, m.n
      FROM events e CROSS JOIN (VALUES (from_status, -1), (to_status, 1)) AS m (status, n)
     WHERE e.id = found_event;
  END IF;
END
$$;

-- An outcome that goes moves its delivery back to `delivered`; one that comes moves it to its kind.
CREATE OR REPLACE FUNCTION count_outcome_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM move_outcome_count(OLD.message_id, OLD.kind, 'delivered');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM move_outcome_count(NEW.message_id, 'delivered', NEW.kind);
  END IF;
  RETURN NULL;
END
$$;

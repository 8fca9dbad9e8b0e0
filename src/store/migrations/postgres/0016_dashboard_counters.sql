-- The dashboard's figures as exact counters, so that reading them costs the same at a million events
-- as at ten. Kept by triggers, in the transaction of every change to a delivery or an outcome,
-- whoever writes it; filled from the rows there are now. Same meaning as SQLite's 0016:
--
-- status_counts: deliveries per register, side (sandbox) and counted status — the stored status, or
-- for a delivered one whose current message has an outcome, the outcome's kind (as VISIBLE_STATUS
-- shows it). `blocked` is not counted here: it depends on the person's other deliveries, and is
-- worked out when read, among the few people with a rejected or failed delivery (deliveries_blocking).
-- finished_hours: deliveries per hour of finished_at, register and stored status.
--
-- Several instances write at once, and a counter row updated by every transaction would make them
-- wait for each other (and deadlock when two change two counters in opposite order). So the triggers
-- only append changes (+1/-1) to the *_changes tables, which takes no lock another writer waits for;
-- readers add the changes to the totals, and fold them in from time to time (delivery-log.ts).
CREATE TABLE status_counts (
  register_id TEXT NOT NULL,
  sandbox     INTEGER NOT NULL,
  status      TEXT NOT NULL,
  n           BIGINT NOT NULL,
  PRIMARY KEY (register_id, sandbox, status)
);

CREATE TABLE status_count_changes (
  register_id TEXT NOT NULL,
  sandbox     INTEGER NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL
);

CREATE TABLE finished_hours (
  hour_start  BIGINT NOT NULL,
  register_id TEXT NOT NULL,
  status      TEXT NOT NULL,
  n           BIGINT NOT NULL,
  PRIMARY KEY (hour_start, register_id, status)
);

CREATE TABLE finished_hour_changes (
  hour_start  BIGINT NOT NULL,
  register_id TEXT NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL
);

-- The status a delivery is counted in: its own, or its current message's outcome once delivered.
CREATE FUNCTION counted_status(status TEXT, message_id TEXT) RETURNS TEXT
  LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN status = 'delivered'
              THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = counted_status.message_id), 'delivered')
              ELSE status END
$$;

INSERT INTO status_counts (register_id, sandbox, status, n)
SELECT e.register_id, e.sandbox, counted_status(d.status, d.message_id), COUNT(*)
  FROM deliveries d JOIN events e ON e.id = d.event_id
 GROUP BY 1, 2, 3;

INSERT INTO finished_hours (hour_start, register_id, status, n)
SELECT (d.finished_at / 3600000) * 3600000, e.register_id, d.status, COUNT(*)
  FROM deliveries d JOIN events e ON e.id = d.event_id
 WHERE d.finished_at IS NOT NULL
 GROUP BY 1, 2, 3;

-- A delivery arrives, changes status, message or finish, or goes: out of the old counters, into the new.
CREATE FUNCTION count_delivery_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO status_count_changes (register_id, sandbox, status, n)
    SELECT e.register_id, e.sandbox, counted_status(OLD.status, OLD.message_id), -1 FROM events e WHERE e.id = OLD.event_id;
    INSERT INTO finished_hour_changes (hour_start, register_id, status, n)
    SELECT (OLD.finished_at / 3600000) * 3600000, e.register_id, OLD.status, -1 FROM events e WHERE e.id = OLD.event_id AND OLD.finished_at IS NOT NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO status_count_changes (register_id, sandbox, status, n)
    SELECT e.register_id, e.sandbox, counted_status(NEW.status, NEW.message_id), 1 FROM events e WHERE e.id = NEW.event_id;
    INSERT INTO finished_hour_changes (hour_start, register_id, status, n)
    SELECT (NEW.finished_at / 3600000) * 3600000, e.register_id, NEW.status, 1 FROM events e WHERE e.id = NEW.event_id AND NEW.finished_at IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deliveries_count_insert_delete AFTER INSERT OR DELETE ON deliveries
  FOR EACH ROW EXECUTE FUNCTION count_delivery_change();
CREATE TRIGGER deliveries_count_update AFTER UPDATE OF status, message_id, finished_at, event_id ON deliveries
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.message_id IS DISTINCT FROM NEW.message_id
        OR OLD.finished_at IS DISTINCT FROM NEW.finished_at OR OLD.event_id IS DISTINCT FROM NEW.event_id)
  EXECUTE FUNCTION count_delivery_change();

-- An outcome for the current message of a delivered event moves it from `delivered` to its kind (and
-- back if the outcome goes); one for a message the event no longer carries changes nothing. The
-- delivery row is locked first (FOR SHARE): a transaction recording that same delivery delivered
-- right now is waited for, and then seen; one that comes after waits for this one, and its trigger
-- sees this outcome. Without it, each could miss the other and `delivered` would keep the event.
CREATE FUNCTION count_outcome_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM 1 FROM deliveries d WHERE d.message_id = OLD.message_id FOR SHARE;
    INSERT INTO status_count_changes (register_id, sandbox, status, n)
    SELECT e.register_id, e.sandbox, m.status, m.n
      FROM deliveries d JOIN events e ON e.id = d.event_id
           CROSS JOIN (VALUES ('delivered', 1), (OLD.kind, -1)) AS m (status, n)
     WHERE d.message_id = OLD.message_id AND d.status = 'delivered';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM deliveries d WHERE d.message_id = NEW.message_id FOR SHARE;
    INSERT INTO status_count_changes (register_id, sandbox, status, n)
    SELECT e.register_id, e.sandbox, m.status, m.n
      FROM deliveries d JOIN events e ON e.id = d.event_id
           CROSS JOIN (VALUES ('delivered', -1), (NEW.kind, 1)) AS m (status, n)
     WHERE d.message_id = NEW.message_id AND d.status = 'delivered';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER outcomes_count_insert_delete AFTER INSERT OR DELETE ON outcomes
  FOR EACH ROW EXECUTE FUNCTION count_outcome_change();
CREATE TRIGGER outcomes_count_update AFTER UPDATE OF message_id, kind ON outcomes
  FOR EACH ROW
  WHEN (OLD.message_id IS DISTINCT FROM NEW.message_id OR OLD.kind IS DISTINCT FROM NEW.kind)
  EXECUTE FUNCTION count_outcome_change();

-- The changes tables are emptied by every fold: vacuumed often, so that reading them stays a short scan.
ALTER TABLE status_count_changes SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0);
ALTER TABLE finished_hour_changes SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0);

-- The dashboard's figures as exact counters, so that reading them costs the same at a million events
-- as at ten. Kept by triggers, in the transaction of every change to a delivery or an outcome,
-- whoever writes it; filled from the rows there are now.
--
-- status_counts: deliveries per register, side (sandbox) and counted status — the stored status, or
-- for a delivered one whose current message has an outcome, the outcome's kind (as VISIBLE_STATUS
-- shows it). `blocked` is not counted here: it depends on the person's other deliveries, and is
-- worked out when read, among the few people with a rejected or failed delivery (deliveries_blocking).
-- finished_hours: deliveries per hour of finished_at, register and stored status.
-- A counter may reach 0 and stay; readers leave zeros out.
CREATE TABLE status_counts (
  register_id TEXT NOT NULL,
  sandbox     INTEGER NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (register_id, sandbox, status)
) WITHOUT ROWID;

CREATE TABLE finished_hours (
  hour_start  INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (hour_start, register_id, status)
) WITHOUT ROWID;

-- PostgreSQL's triggers append their changes to these, for several writers at once; SQLite's single
-- writer adds to the totals directly, so here they stay empty: one schema, one read statement.
CREATE TABLE status_count_changes (
  register_id TEXT NOT NULL,
  sandbox     INTEGER NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL
);

CREATE TABLE finished_hour_changes (
  hour_start  INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL
);

INSERT INTO status_counts (register_id, sandbox, status, n)
SELECT e.register_id, e.sandbox,
       CASE WHEN d.status = 'delivered' THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = d.message_id), 'delivered') ELSE d.status END,
       COUNT(*)
  FROM deliveries d JOIN events e ON e.id = d.event_id
 GROUP BY 1, 2, 3;

INSERT INTO finished_hours (hour_start, register_id, status, n)
SELECT (d.finished_at / 3600000) * 3600000, e.register_id, d.status, COUNT(*)
  FROM deliveries d JOIN events e ON e.id = d.event_id
 WHERE d.finished_at IS NOT NULL
 GROUP BY 1, 2, 3;

-- A delivery arrives (ingest): counted in its status, and in its hour if it is already finished.
CREATE TRIGGER deliveries_count_insert AFTER INSERT ON deliveries
BEGIN
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox,
         CASE WHEN NEW.status = 'delivered' THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = NEW.message_id), 'delivered') ELSE NEW.status END, 1
    FROM events e WHERE e.id = NEW.event_id
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO finished_hours (hour_start, register_id, status, n)
  SELECT (NEW.finished_at / 3600000) * 3600000, e.register_id, NEW.status, 1
    FROM events e WHERE e.id = NEW.event_id AND NEW.finished_at IS NOT NULL
  ON CONFLICT (hour_start, register_id, status) DO UPDATE SET n = n + excluded.n;
END;

-- Its status, its message (an operator's retry or a retired version re-makes it) or its finish
-- changes: out of the old counters, into the new ones.
CREATE TRIGGER deliveries_count_update AFTER UPDATE OF status, message_id, finished_at, event_id ON deliveries
  WHEN OLD.status IS NOT NEW.status OR OLD.message_id IS NOT NEW.message_id OR OLD.finished_at IS NOT NEW.finished_at OR OLD.event_id IS NOT NEW.event_id
BEGIN
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox,
         CASE WHEN OLD.status = 'delivered' THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = OLD.message_id), 'delivered') ELSE OLD.status END, -1
    FROM events e WHERE e.id = OLD.event_id
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox,
         CASE WHEN NEW.status = 'delivered' THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = NEW.message_id), 'delivered') ELSE NEW.status END, 1
    FROM events e WHERE e.id = NEW.event_id
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO finished_hours (hour_start, register_id, status, n)
  SELECT (OLD.finished_at / 3600000) * 3600000, e.register_id, OLD.status, -1
    FROM events e WHERE e.id = OLD.event_id AND OLD.finished_at IS NOT NULL
  ON CONFLICT (hour_start, register_id, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO finished_hours (hour_start, register_id, status, n)
  SELECT (NEW.finished_at / 3600000) * 3600000, e.register_id, NEW.status, 1
    FROM events e WHERE e.id = NEW.event_id AND NEW.finished_at IS NOT NULL
  ON CONFLICT (hour_start, register_id, status) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER deliveries_count_delete AFTER DELETE ON deliveries
BEGIN
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox,
         CASE WHEN OLD.status = 'delivered' THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = OLD.message_id), 'delivered') ELSE OLD.status END, -1
    FROM events e WHERE e.id = OLD.event_id
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO finished_hours (hour_start, register_id, status, n)
  SELECT (OLD.finished_at / 3600000) * 3600000, e.register_id, OLD.status, -1
    FROM events e WHERE e.id = OLD.event_id AND OLD.finished_at IS NOT NULL
  ON CONFLICT (hour_start, register_id, status) DO UPDATE SET n = n + excluded.n;
END;

-- An outcome for the current message of a delivered event moves it from `delivered` to its kind (and
-- back if the outcome goes). One for a message the event no longer carries changes nothing.
CREATE TRIGGER outcomes_count_insert AFTER INSERT ON outcomes
BEGIN
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox, m.status, m.n
    FROM deliveries d JOIN events e ON e.id = d.event_id
         CROSS JOIN (SELECT 'delivered' AS status, -1 AS n UNION ALL SELECT NEW.kind, 1) m
   WHERE d.message_id = NEW.message_id AND d.status = 'delivered'
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER outcomes_count_delete AFTER DELETE ON outcomes
BEGIN
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox, m.status, m.n
    FROM deliveries d JOIN events e ON e.id = d.event_id
         CROSS JOIN (SELECT 'delivered' AS status, 1 AS n UNION ALL SELECT OLD.kind, -1) m
   WHERE d.message_id = OLD.message_id AND d.status = 'delivered'
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER outcomes_count_update AFTER UPDATE OF message_id, kind ON outcomes
  WHEN OLD.message_id IS NOT NEW.message_id OR OLD.kind IS NOT NEW.kind
BEGIN
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox, m.status, m.n
    FROM deliveries d JOIN events e ON e.id = d.event_id
         CROSS JOIN (SELECT 'delivered' AS status, 1 AS n UNION ALL SELECT OLD.kind, -1) m
   WHERE d.message_id = OLD.message_id AND d.status = 'delivered'
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT e.register_id, e.sandbox, m.status, m.n
    FROM deliveries d JOIN events e ON e.id = d.event_id
         CROSS JOIN (SELECT 'delivered' AS status, -1 AS n UNION ALL SELECT NEW.kind, 1) m
   WHERE d.message_id = NEW.message_id AND d.status = 'delivered'
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = n + excluded.n;
END;

-- Final outcomes from ЄДДР: DMS's decision about a message it acknowledged, pushed to the gateway
-- later (POST /xroad/dms). One row per outcome id, and at most one per message: DMS decides a
-- message once. The event's visible status reads it through its current message (VISIBLE_STATUS);
-- an outcome for a message the event no longer carries (superseded) is kept but changes nothing.
CREATE TABLE outcomes (
  outcome_id      TEXT PRIMARY KEY,
  message_id      TEXT NOT NULL UNIQUE,
  event_id        TEXT NOT NULL REFERENCES events (id),
  kind            TEXT NOT NULL CHECK (kind IN ('registered', 'refused')),
  receipt_number  TEXT NOT NULL,
  record_ref      TEXT,
  refusal_code    TEXT,
  refusal_reason  TEXT,
  decided_at      TEXT NOT NULL,
  received_at     BIGINT NOT NULL,
  CHECK ((kind = 'registered' AND record_ref IS NOT NULL) OR (kind = 'refused' AND refusal_code IS NOT NULL AND refusal_reason IS NOT NULL))
);

CREATE INDEX outcomes_event ON outcomes (event_id);

-- An outcome may name a message the event has since replaced: found through the attempts that carried it.
CREATE INDEX attempts_message ON attempts (message_id);

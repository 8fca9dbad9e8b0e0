-- A message's contract version is decided when it is first signed (the one in force then), not at
-- ingest: deliveries.contract is, until signed_at is set, only the oldest version the message may
-- use. Each attempt records the message and version it sent, so a re-made message shows in history.
ALTER TABLE deliveries ADD COLUMN signed_at BIGINT;
ALTER TABLE attempts ADD COLUMN message_id TEXT;
ALTER TABLE attempts ADD COLUMN contract TEXT;

-- Messages signed before this migration were made in the version recorded at ingest.
UPDATE deliveries SET signed_at = updated_at WHERE request_xml IS NOT NULL OR attempts > 0;

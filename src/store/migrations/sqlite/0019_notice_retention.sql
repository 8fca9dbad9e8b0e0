-- Notices lose their personal data after retention, like deliveries: once every register it was
-- routed to has acknowledged it, RETENTION_DAYS after the last acknowledgement. The row stays (DMS's
-- notice id keeps exactly-once storage; the kind, dates and routes stay for the record).
ALTER TABLE notices ADD COLUMN purged_at INTEGER;

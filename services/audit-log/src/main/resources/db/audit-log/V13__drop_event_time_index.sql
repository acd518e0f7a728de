-- No query filters or orders the ledger by event_time (history pages go by seq, time windows by recorded_at, and the
-- Grafana views by recorded_at): the index only cost every append an eighth index entry.
DROP INDEX IF EXISTS ledger_event_time_idx;

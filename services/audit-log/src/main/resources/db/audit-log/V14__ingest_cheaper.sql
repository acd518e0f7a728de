-- Ledger ingest writes less per event (issue 6's benchmark):
-- 1. A store's chain tip is its newest ledger row (ledger_store_seq_idx finds it); LedgerWriter keeps the tips it wrote
--    in memory and reads the others from there. The tip table cost every batch an upsert per store, i.e. a row
--    version per event.
DROP TABLE IF EXISTS ledger_store_head;
-- 2. recorded_at only grows with seq (a batch's commit time), so a BRIN index answers time ranges (Grafana's views,
--    export windows) at a fraction of a btree's cost per insert.
DROP INDEX IF EXISTS ledger_recorded_at_idx;
CREATE INDEX ledger_recorded_at_brin ON ledger USING brin (recorded_at) WITH (pages_per_range = 32);

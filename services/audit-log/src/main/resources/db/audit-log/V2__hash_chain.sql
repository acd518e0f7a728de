-- Hash chains (LedgerChain in fleet-model has the exact definition):
--   fleet chain over seq:  hash       = sha256hex(prev_hash || canonical(row)),        prev_hash of seq 1 = 64 zeros
--   one chain per store:   store_hash = sha256hex(prev_store_hash || canonical(row)),  first of a store = 64 zeros
-- The writer serialises appends by locking the single ledger_head row in the same transaction, and hands out
-- seq itself (head.seq + 1): seq is gap-free, so a missing row is visible as a missing number.
ALTER TABLE ledger ADD COLUMN prev_store_hash text;
ALTER TABLE ledger ADD COLUMN store_hash text;
ALTER TABLE ledger ALTER COLUMN seq DROP DEFAULT;
ALTER TABLE ledger ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE ledger ALTER COLUMN hash SET NOT NULL;
ALTER TABLE ledger ADD CONSTRAINT ledger_store_chain CHECK ((store_id IS NULL) = (store_hash IS NULL));

-- The chain's tip; verify checks the ledger ends exactly here (rows cut off the tail are found too).
CREATE TABLE ledger_head (
    id   int PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash text   NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- Each store's chain tip, so linking a row needs no scan of the store's history.
CREATE TABLE ledger_store_head (
    store_id text PRIMARY KEY,
    seq      bigint NOT NULL,
    hash     text   NOT NULL
);

-- Queries: recorded time ranges ("who deployed what between two times"), per-type keyset pages, actors.
CREATE INDEX ledger_recorded_at_idx ON ledger (recorded_at);
CREATE INDEX ledger_type_seq_idx ON ledger (type, seq);
CREATE INDEX ledger_commit_seq_idx ON ledger (commit_sha, seq);

-- A role for the service that may read and append but never change the ledger (the trigger refuses anyway;
-- the grant refuses before the trigger runs). Roles are cluster-wide, hence the guard.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'storefleet_audit_app') THEN
        CREATE ROLE storefleet_audit_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- another database's migration created it at the same moment
END
$$;
GRANT SELECT, INSERT ON ledger TO storefleet_audit_app;
GRANT SELECT, INSERT, UPDATE ON ledger_head, ledger_store_head, store_view, store_bundle_view TO storefleet_audit_app;
GRANT DELETE ON store_bundle_view TO storefleet_audit_app;

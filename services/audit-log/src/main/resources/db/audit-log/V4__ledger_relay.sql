-- The ledger is its own transactional outbox: seq is handed out under the chain-head lock and rows commit in seq
-- order, so "every row after published_seq" never skips one. The relay (LedgerRelay) publishes them to
-- storefleet.audit.ledger, waits for the broker's acks, then moves this watermark: at-least-once, keyed, each
-- record carrying seq and hash so consumers drop repeats by seq.
CREATE TABLE ledger_relay (
    id            int PRIMARY KEY CHECK (id = 1),
    published_seq bigint NOT NULL
);
INSERT INTO ledger_relay (id, published_seq) VALUES (1, 0);
GRANT SELECT, UPDATE ON ledger_relay TO storefleet_audit_app;

-- (commit_sha) and (type) are prefixes of V2's (commit_sha, seq) and (type, seq): the same lookups, one index fewer
-- to maintain on every append.
DROP INDEX IF EXISTS ledger_commit_idx;
DROP INDEX IF EXISTS ledger_type_idx;

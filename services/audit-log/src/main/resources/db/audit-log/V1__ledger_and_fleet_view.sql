-- The ledger: every event on every storefleet topic, once (event_id is the idempotency key).
CREATE TABLE ledger (
    seq         bigserial PRIMARY KEY,
    event_id    text        NOT NULL UNIQUE,
    type        text        NOT NULL,
    topic       text        NOT NULL,
    store_id    text,
    bundle      text,
    repo        text,
    commit_sha  text,
    actor       text,
    source      text,
    event_time  timestamptz,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    payload     jsonb       NOT NULL,
    -- hash chain (later issue): hash = sha256(prev_hash || canonical(entry))
    prev_hash   text,
    hash        text
);
CREATE INDEX ledger_store_seq_idx ON ledger (store_id, seq);
CREATE INDEX ledger_commit_idx ON ledger (commit_sha);
CREATE INDEX ledger_type_idx ON ledger (type);
CREATE INDEX ledger_event_time_idx ON ledger (event_time);

-- Append-only, enforced by the database rather than by the service's good manners.
-- Statement-level, so even an UPDATE/DELETE that matches no row is refused.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'ledger is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER ledger_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- The current fleet view, a projection of the ledger updated in the same transaction as each new row.
CREATE TABLE store_view (
    store_id  text PRIMARY KEY,
    online    boolean NOT NULL DEFAULT false,
    last_seen timestamptz
);

CREATE TABLE store_bundle_view (
    store_id              text NOT NULL,
    bundle                text NOT NULL,
    desired_deployment_id text,
    desired_commit        text,
    applied_deployment_id text,
    applied_commit        text,
    state                 text,
    message               text,
    updated_at            timestamptz,
    PRIMARY KEY (store_id, bundle)
);

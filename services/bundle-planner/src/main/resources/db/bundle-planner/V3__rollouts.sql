-- Staged rollouts (rolloutStrategy / storefleet extras in fleet.yaml): one row per (bundle, commit) whose deployments
-- are released wave by wave. Any planner instance may advance a rollout: it takes the row with FOR UPDATE SKIP LOCKED.
CREATE TABLE IF NOT EXISTS rollouts (
    id                 text        PRIMARY KEY,          -- <bundle>@<first 8 of sha>
    repo               text        NOT NULL,
    repo_url           text        NOT NULL,
    bundle             text        NOT NULL,
    commit_sha         text        NOT NULL,
    previous_sha       text,                             -- the repo's planned commit before this one: what autoRollback renders
    state              text        NOT NULL,             -- Running | Paused | Halted | Completed | Aborted | Superseded
    maintenance_window text        NOT NULL,             -- immediate | store-hours-closed | urgent
    bake_ms            bigint      NOT NULL,
    ready_deadline_ms  bigint      NOT NULL,
    halt_on_failure    text        NOT NULL,
    auto_rollback      boolean     NOT NULL,
    waves              text        NOT NULL,             -- JSON list of RolloutWave
    current_wave       int         NOT NULL DEFAULT 0,
    wave_started       boolean     NOT NULL DEFAULT false,
    ready_since        timestamptz,
    message            text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rollouts_active ON rollouts (state) WHERE state IN ('Running', 'Paused');

-- One row per store of a rollout: the signed deployment held back until its wave (and window) releases it, and what
-- the store last reported for that deployment id (from storefleet.store.status).
CREATE TABLE IF NOT EXISTS rollout_targets (
    rollout_id             text        NOT NULL REFERENCES rollouts (id),
    store_id               text        NOT NULL,
    bundle                 text        NOT NULL,
    wave                   int         NOT NULL,
    deployment_id          text        NOT NULL,
    previous_deployment_id text,
    event                  text        NOT NULL,         -- the signed BundleDeploymentPlanned (EventCodec JSON)
    released_at            timestamptz,
    held_reason            text,
    state                  text,
    message                text,
    reported_at            timestamptz,
    rolled_back            boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (rollout_id, store_id)
);
CREATE INDEX IF NOT EXISTS rollout_targets_store ON rollout_targets (store_id, bundle);

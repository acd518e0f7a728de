-- What the planner last planned per (repo, store, bundle): a new commit emits only what changed and removes what is gone.
CREATE TABLE IF NOT EXISTS planned_deployments (
    repo          text        NOT NULL,
    store_id      text        NOT NULL,
    bundle        text        NOT NULL,
    deployment_id text        NOT NULL,
    commit_sha    text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repo, store_id, bundle)
);

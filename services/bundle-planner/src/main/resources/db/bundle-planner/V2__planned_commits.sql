-- The last commit planned per repo: a store added to (or relabelled in) the inventory is planned against it, with no new commit.
CREATE TABLE IF NOT EXISTS planned_commits (
    repo       text        PRIMARY KEY,
    repo_url   text        NOT NULL,
    commit_sha text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Last CommitDetected emitted per watched branch; written only after Kafka acknowledged the event.
CREATE TABLE git_heads (
    repo_id    VARCHAR(200) NOT NULL,
    branch     VARCHAR(255) NOT NULL,
    sha        VARCHAR(64)  NOT NULL,
    emitted_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (repo_id, branch)
);

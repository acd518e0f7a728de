-- Every webhook request: accepted ones (delivery id unique, so a replayed delivery is recognised and ignored) and
-- refused ones (unsigned, wrong signature, replayed) with the reason: the record of who knocked.
CREATE TABLE webhook_deliveries (
    id          BIGSERIAL    PRIMARY KEY,
    delivery_id VARCHAR(200),
    repo_id     VARCHAR(200),
    received_at TIMESTAMPTZ  NOT NULL,
    outcome     VARCHAR(40)  NOT NULL,
    remote      VARCHAR(100)
);
CREATE UNIQUE INDEX webhook_deliveries_accepted ON webhook_deliveries (delivery_id) WHERE outcome = 'accepted';

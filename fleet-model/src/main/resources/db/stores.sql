-- The store inventory (the chain's store master). Seeded by the demo from shared/fixtures/stores.csv;
-- read by the planner (targeting) and, in a later issue, streamed through Debezium CDC.
CREATE TABLE IF NOT EXISTS stores (
    id         text PRIMARY KEY,
    name       text        NOT NULL,
    city       text,
    state      text,
    region     text,
    timezone   text,
    format     text,
    labels     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    opening_hours  text,
    freeze_periods text,  -- "freeze" is reserved in PostgreSQL
    enrolled   boolean     NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now()
);

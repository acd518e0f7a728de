-- The store inventory as streamed by inventory-cdc (storefleet.inventory.stores, Debezium): what the dashboard filters
-- the grid by (region, labels). Upserted by store id; an event older than the row (lower source.lsn) changes nothing.
CREATE TABLE store_inventory (
    store_id   text PRIMARY KEY,
    name       text,
    region     text,
    format     text,
    labels     jsonb       NOT NULL DEFAULT '{}',
    enrolled   boolean,
    deleted    boolean     NOT NULL DEFAULT false,
    lsn        bigint,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX store_inventory_region_idx ON store_inventory (region);
CREATE INDEX store_inventory_labels_idx ON store_inventory USING gin (labels);
GRANT SELECT, INSERT, UPDATE ON store_inventory TO storefleet_audit_app;

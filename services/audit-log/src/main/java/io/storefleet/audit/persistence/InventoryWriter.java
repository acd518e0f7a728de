package io.storefleet.audit.persistence;

import io.smallrye.mutiny.Uni;
import io.storefleet.audit.domain.InventoryChange;
import io.storefleet.model.EventCodec;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;

/** Applies inventory changes to {@code store_inventory}; a change older than the row (lower lsn) is a no-op. */
@ApplicationScoped
public class InventoryWriter {
    private static final String UPSERT = """
            INSERT INTO store_inventory (store_id, name, region, format, labels, enrolled, deleted, lsn, updated_at)
            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, now())
            ON CONFLICT (store_id) DO UPDATE SET
                name = coalesce(EXCLUDED.name, store_inventory.name),
                region = CASE WHEN EXCLUDED.deleted THEN store_inventory.region ELSE EXCLUDED.region END,
                format = CASE WHEN EXCLUDED.deleted THEN store_inventory.format ELSE EXCLUDED.format END,
                labels = CASE WHEN EXCLUDED.deleted THEN store_inventory.labels ELSE EXCLUDED.labels END,
                enrolled = coalesce(EXCLUDED.enrolled, store_inventory.enrolled),
                deleted = EXCLUDED.deleted, lsn = EXCLUDED.lsn, updated_at = now()
            WHERE store_inventory.lsn IS NULL OR EXCLUDED.lsn IS NULL OR store_inventory.lsn <= EXCLUDED.lsn""";

    private final Pool pool;

    public InventoryWriter(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> apply(InventoryChange c) {
        return pool.preparedQuery(UPSERT).execute(Tuple.from(Arrays.asList(c.storeId(), c.name(), c.region(), c.format(),
                EventCodec.encode(c.labels()), c.enrolled(), c.deleted(), c.lsn()))).replaceWithVoid();
    }
}

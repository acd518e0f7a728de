package io.storefleet.inventory.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.StoreInventory;

import java.util.Map;
import java.util.UUID;

/**
 * A real Kafka broker and a fresh Postgres database from the one launcher (infra's {@link LocalStack}), with the
 * stores table and one store already in it before the service boots, so the snapshot has something to stream.
 */
public class CdcStackResource implements QuarkusTestResourceLifecycleManager {
    public static final String SEEDED_STORE = "storefleet.test.seeded-store";

    /** The running stack, for tests that break a part of it (Kafka) on purpose. */
    public static volatile LocalStack stack;

    @Override
    public Map<String, String> start() {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var seeded = "cdc-seed-" + run;
        try {
            stack = LocalStack.create(LocalStack.findHome(), "cdc-it-" + run, "sf_cdc_" + run, true).startInfra();
            try (var c = Postgres.connect(stack.database()); var insert = c.prepareStatement(
                    "INSERT INTO stores (id, name, region, labels) VALUES (?, 'Seeded', 'west', '{\"tier\": \"silver\"}'::jsonb)")) {
                StoreInventory.createSchema(c);
                insert.setString(1, seeded);
                insert.executeUpdate();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test stack", e);
        }
        return Map.of(
                "kafka.bootstrap.servers", stack.kafkaBootstrap(),
                "quarkus.datasource.jdbc.url", Postgres.jdbcUrl(stack.database()),
                "storefleet.inventory-cdc.offset-flush-interval", "200ms",
                SEEDED_STORE, seeded);
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close(); // stops Kafka, drops the database and with it our replication slot
        }
    }
}

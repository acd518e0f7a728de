package io.storefleet.e2e;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inventory as a stream, end to end: a row inserted into {@code stores} reaches the planner through Debezium
 * (inventory-cdc → storefleet.inventory.stores) and the store gets the bundle with no commit; relabelling it so a
 * {@code doNotDeploy} customisation matches removes the bundle again.
 */
class InventoryRetargetIT {
    static final int STORES = 3;
    static final Duration WAIT = Duration.ofSeconds(90);

    static LocalStack stack;
    static DemoRepo repo;
    static FleetApi api;
    static String prefix;

    static E2eFleet fleet;

    @BeforeAll
    static void startStack() throws Exception {
        fleet = E2eFleet.start("inv", STORES);
        stack = fleet.stack();
        repo = fleet.repo();
        api = fleet.api();
        prefix = fleet.prefix();
    }

    @AfterAll
    static void stopStack() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void insertedStoreGetsTheBundleWithNoCommitAndRelabellingItRemovesIt() throws Exception {
        var sha = repo.nextRelease("dana", Map.of("apps/pos-gateway/fleet.yaml", """
                targetCustomizations:
                  - name: frozen-stores
                    clusterSelector:
                      matchLabels:
                        frozen: "true"
                    doNotDeploy: true
                """));
        api.triggerWebhook();
        await().atMost(WAIT).until(() -> api.eventCount("BundleDeploymentPlanned", sha) == STORES);

        var newStore = prefix + "new";
        try (var c = Postgres.connect(stack.database()); var s = c.createStatement()) {
            s.execute("INSERT INTO stores (id, name, region, labels) VALUES ('" + newStore + "', 'New store', 'west', '{}')");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.events("BundleDeploymentPlanned", sha))
                .anySatisfy(e -> assertThat(e.get("storeId")).isEqualTo(newStore)));

        try (var c = Postgres.connect(stack.database()); var s = c.createStatement()) {
            s.execute("UPDATE stores SET labels = '{\"frozen\": \"true\"}' WHERE id = '" + newStore + "'");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.events("BundleDeploymentRemoved", null))
                .anySatisfy(e -> assertThat(e.get("storeId")).isEqualTo(newStore)));
        assertThat(api.events("BundleDeploymentRemoved", null)).allSatisfy(e -> assertThat(e.get("storeId")).isEqualTo(newStore));
        assertThat(api.eventCount("BundleDeploymentPlanned", sha)).as("no other store was re-planned").isEqualTo(STORES + 1);
    }
}

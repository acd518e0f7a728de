package io.storefleet.audit.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.messaging.InventoryConsumer;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.BundleState;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import io.storefleet.model.WaveHalted;
import io.storefleet.model.WaveStarted;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static io.storefleet.audit.Fixtures.meta;
import static io.storefleet.audit.Fixtures.online;
import static io.storefleet.audit.Fixtures.planned;
import static io.storefleet.audit.Fixtures.reported;
import static io.storefleet.audit.Fixtures.status;
import static io.storefleet.audit.Fixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The store grid filtered by the inventory streamed from storefleet.inventory.stores, and the rollout panel's API. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class DashboardInventoryTest {

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    LedgerWriter writer;

    @Test
    void gridFiltersByRegionAndLabelsFromTheInventoryStream() {
        var prefix = unique("inv");
        var north = prefix + "-north";
        var south = prefix + "-south";
        var region = unique("region");
        append(online(north), online(south));
        var acks = new AtomicInteger();
        var nacks = new AtomicInteger();
        var source = connector.<Message<String>>source(InventoryConsumer.INVENTORY_IN);
        for (var payload : List.of(
                change(north, region, "{\\\"tier\\\": \\\"gold\\\"}", 10),
                change(south, region, "{\\\"tier\\\": \\\"silver\\\"}", 11),
                // redelivered older change of north: must not move its labels back
                change(north, region, "{\\\"tier\\\": \\\"bronze\\\"}", 5),
                "{not a change event")) {
            source.send(Message.of(payload, () -> {
                acks.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                nacks.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acks.get() == 3 && nacks.get() == 1);

        given().queryParam("region", region.toUpperCase()).queryParam("q", prefix).get("/api/dashboard/stores")
                .then().statusCode(200).body("total", equalTo(2)).body("items.id", contains(north, south))
                .body("items[0].region", equalTo(region)).body("items[0].labels.tier", equalTo("gold"));
        given().queryParam("region", region).queryParam("label", "tier=gold").get("/api/dashboard/stores")
                .then().statusCode(200).body("items.id", contains(north));
        given().queryParam("label", "tier=bronze").queryParam("q", prefix).get("/api/dashboard/stores")
                .then().statusCode(200).body("total", equalTo(0));
        given().get("/api/dashboard/summary").then().statusCode(200).body("byRegion." + region, equalTo(2));

        // the store leaves the inventory: no longer in its region
        source.send(Message.of("{\"before\":{\"id\":\"" + south + "\"},\"after\":null,\"op\":\"d\",\"source\":{\"lsn\":20}}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("region", region)
                .get("/api/dashboard/stores").then().body("items.id", contains(north)));
    }

    @Test
    void rolloutPanelShowsWavesReadyStoresAndAHalt() {
        var id = unique("pos") + "@c0ffee00";
        var sha = unique("sha");
        var a = unique("ra");
        var b = unique("rb");
        var c = unique("rc");
        append(new RolloutStarted(meta("bundle-planner", id), id, "shop", sha, "pos", "immediate", "PT1M", "1", false,
                        List.of(new RolloutWave(0, "canary", List.of(a), 0), new RolloutWave(1, "rest", List.of(b, c), 1))),
                new WaveStarted(meta("bundle-planner", id), id, "shop", sha, "pos", 0, "canary", List.of(a)),
                planned(a, "pos", "d1", "shop", sha), reported(a, status("pos", BundleState.Ready, "d1", sha)),
                new WaveStarted(meta("bundle-planner", id), id, "shop", sha, "pos", 1, "rest", List.of(b, c)),
                planned(b, "pos", "d1", "shop", sha),
                reported(b, new io.storefleet.model.BundleStatus("pos", BundleState.ErrApplied, "d1", sha, "CrashLoop")),
                new WaveHalted(meta("bundle-planner", id), id, "shop", sha, "pos", 1, "rest",
                        List.of(new io.storefleet.model.StoreFailure(b, BundleState.ErrApplied, "CrashLoop")), List.of(),
                        "1 of 2 stores failed, threshold 1"));

        given().get("/api/dashboard/rollouts").then().statusCode(200)
                .body("rolloutId", hasItem(id))
                .body("find { it.rolloutId == '" + id + "' }.state", equalTo("Halted"))
                .body("find { it.rolloutId == '" + id + "' }.wave", equalTo(1))
                .body("find { it.rolloutId == '" + id + "' }.waves", equalTo(2))
                .body("find { it.rolloutId == '" + id + "' }.released", equalTo(3))
                .body("find { it.rolloutId == '" + id + "' }.ready", equalTo(1))
                .body("find { it.rolloutId == '" + id + "' }.failed", equalTo(1))
                .body("find { it.rolloutId == '" + id + "' }.detail", equalTo("1 of 2 stores failed, threshold 1"));
        given().queryParam("limit", 0).get("/api/dashboard/rollouts").then().statusCode(400);
    }

    private static String change(String store, String region, String labelsJsonString, long lsn) {
        return "{\"before\":null,\"after\":{\"id\":\"" + store + "\",\"name\":\"S\",\"region\":\"" + region + "\",\"labels\":\""
                + labelsJsonString + "\",\"enrolled\":true},\"op\":\"u\",\"source\":{\"lsn\":" + lsn + "},\"ts_ms\":1}";
    }

    private void append(FleetEvent... events) {
        var batch = new ArrayList<LedgerWriter.Pending>();
        for (var e : events) {
            batch.add(new LedgerWriter.Pending(LedgerMapping.toRow(e, null), Projections.of(e)));
        }
        writer.appendAll(batch).await().indefinitely();
    }
}

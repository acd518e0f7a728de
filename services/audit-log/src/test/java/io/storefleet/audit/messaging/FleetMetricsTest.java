package io.storefleet.audit.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.storefleet.audit.Fixtures.T0;
import static io.storefleet.audit.Fixtures.offline;
import static io.storefleet.audit.Fixtures.online;
import static io.storefleet.audit.Fixtures.planned;
import static io.storefleet.audit.Fixtures.reported;
import static io.storefleet.audit.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /q/metrics: stores by state, ledger head and relay lag, rollout durations. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class FleetMetricsTest {

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    FleetMetrics fleetMetrics;

    @Test
    void storesByStateFollowTheFleetView() {
        fleetMetrics.update().await().indefinitely(); // the gauges as the fleet is now, not at the last tick
        var before = metric("storefleet_fleet_stores{state=\"ErrApplied\"}");
        var offlineBefore = metric("storefleet_fleet_stores{state=\"Offline\"}");
        var broken = unique("m-err");
        var gone = unique("m-gone");
        send(planned(broken, "pos", "d1", "shop", "c1"),
                reported(broken, new BundleStatus("pos", BundleState.ErrApplied, "d1", "c1", "boom")), online(broken),
                online(gone), offline(gone));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            fleetMetrics.update().await().indefinitely();
            assertThat(metric("storefleet_fleet_stores{state=\"ErrApplied\"}")).isEqualTo(before + 1);
            assertThat(metric("storefleet_fleet_stores{state=\"Offline\"}")).isEqualTo(offlineBefore + 1);
        });
        assertThat(metric("storefleet_audit_ledger_head_seq")).isGreaterThanOrEqualTo(5);
        assertThat(metric("storefleet_audit_relay_lag")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aCompletedRolloutIsTimedFromItsStart() {
        var id = unique("pos") + "@c1";
        send(new RolloutStarted(meta(id, 0), id, "shop", "c1", "pos", "immediate", "PT1M", "1", false,
                        List.of(new RolloutWave(0, "all", List.of("a"), 0))),
                new RolloutCompleted(meta(id, 90), id, "shop", "c1", "pos", "Completed", 1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metric("storefleet_rollout_duration_seconds_count{outcome=\"Completed\"}")).isGreaterThanOrEqualTo(1));
        assertThat(metric("storefleet_rollout_duration_seconds_max{outcome=\"Completed\"}")).isGreaterThanOrEqualTo(90);
    }

    private static EventMeta meta(String subject, int seconds) {
        return new EventMeta(UUID.randomUUID().toString(), T0.plusSeconds(seconds), "bundle-planner", subject,
                EventMeta.SCHEMA_VERSION);
    }

    private void send(io.storefleet.model.FleetEvent... events) {
        var source = connector.<Message<List<String>>>source(EventRecorder.EVENTS_IN).runOnVertxContext(true);
        source.send(Message.of(java.util.Arrays.stream(events).map(EventCodec::encode).toList()));
    }

    private static double metric(String series) {
        var body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(series + " ") || l.startsWith(series + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

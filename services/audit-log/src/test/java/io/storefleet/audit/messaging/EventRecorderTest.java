package io.storefleet.audit.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.model.BundleState;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventMeta;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.storefleet.audit.Fixtures.*;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class EventRecorderTest extends RecorderChannelTest {


    @Test
    void commitPlansAndStatusBecomeLedgerRowsAndFleetView() {
        var store = unique("store");
        var sha = unique("sha");
        send(commit("shop", sha));
        send(planned(store, "pos", "d-pos", "shop", sha));
        send(planned(store, "kiosk", "d-kiosk", "shop", sha));
        send(reported(store, status("pos", BundleState.Ready, "d-pos", sha),
                status("kiosk", BundleState.Modified, "d-kiosk", sha)));
        send(online(store));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("commit", sha)
                .get("/api/events/count").then().statusCode(200).body("count", equalTo(4)));
        given().queryParam("commit", sha).get("/api/events").then().log().ifValidationFails().statusCode(200)
                .body("type", org.hamcrest.Matchers.contains("CommitDetected", "BundleDeploymentPlanned",
                        "BundleDeploymentPlanned", "StoreStatusReported"))
                .body("[0].actor", equalTo("ada@example.com"))
                .body("[0].payload.sha", equalTo(sha));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/stores/" + store)
                .then().statusCode(200).body("online", equalTo(true)));
        given().get("/api/stores/" + store).then().statusCode(200)
                .body("id", equalTo(store))
                .body("state", equalTo("Modified"))
                .body("lastSeen", equalTo(T0.toString()))
                .body("bundles.bundle", org.hamcrest.Matchers.contains("kiosk", "pos"))
                .body("bundles[0].desiredDeploymentId", equalTo("d-kiosk"))
                .body("bundles[0].appliedDeploymentId", equalTo("d-kiosk"))
                .body("bundles[0].desiredCommit", equalTo(sha))
                .body("bundles[0].appliedCommit", equalTo(sha))
                .body("bundles[0].state", equalTo("Modified"))
                .body("bundles[0].message", equalTo("not yet"))
                .body("bundles[1].state", equalTo("Ready"));
        given().get("/api/stores").then().statusCode(200).body("id", hasItem(store));
        given().get("/api/summary").then().statusCode(200)
                .body("byState.Modified", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("online", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    void newDesiredDeploymentWaitsUntilTheStoreAppliesIt() {
        var store = unique("store");
        send(planned(store, "pos", "d1", "shop", "c1"));
        send(reported(store, status("pos", BundleState.Ready, "d1", "c1")));
        awaitEvents(store, 2);
        given().get("/api/stores/" + store).then().body("state", equalTo("Ready"));

        send(planned(store, "pos", "d2", "shop", "c2"));
        awaitEvents(store, 3);
        given().get("/api/stores/" + store).then().body("state", equalTo("WaitApplied"))
                .body("bundles[0].desiredDeploymentId", equalTo("d2"))
                .body("bundles[0].appliedDeploymentId", equalTo("d1"));

        send(removed(store, "pos", "shop", "c3"));
        awaitEvents(store, 4);
        given().get("/api/stores/" + store).then().body("state", equalTo("Ready"))
                .body("bundles.size()", equalTo(0));
    }

    @Test
    void anOlderReportArrivingLateDoesNotMoveTheFleetViewBack() {
        var store = unique("store");
        send(planned(store, "pos", "d1", "shop", "c1"));
        send(reportedAt(store, T0.plusSeconds(2), status("pos", BundleState.Ready, "d1", "c1")));
        send(reportedAt(store, T0.plusSeconds(1), status("pos", BundleState.NotReady, "d1", "c1")));
        awaitEvents(store, 3);
        given().get("/api/stores/" + store).then().body("state", equalTo("Ready"))
                .body("bundles[0].state", equalTo("Ready"));

        send(reportedAt(store, T0.plusSeconds(3), status("pos", BundleState.Modified, "d1", "c1")));
        awaitEvents(store, 4);
        given().get("/api/stores/" + store).then().body("state", equalTo("Modified"));
    }

    @Test
    void reportsInOneBatchFoldToTheLatestPerBundle() {
        var store = unique("store");
        // one batch = one statement for all reports: the newest per (store, bundle) wins, as one by one
        sendBatch(reportedAt(store, T0.plusSeconds(2), status("pos", BundleState.Ready, "d1", "c1")),
                reportedAt(store, T0.plusSeconds(1), status("pos", BundleState.NotReady, "d1", "c1")),
                reportedAt(store, T0.plusSeconds(1), status("kiosk", BundleState.NotReady, "k1", "c1")),
                reportedAt(store, T0.plusSeconds(1), status("kiosk", BundleState.Modified, "k1", "c1")));
        awaitAcks(1);
        awaitEvents(store, 4);
        given().get("/api/stores/" + store).then().body("bundles.bundle", org.hamcrest.Matchers.contains("kiosk", "pos"))
                .body("bundles[0].reportedState", equalTo("Modified")) // same time: the later one
                .body("bundles[1].reportedState", equalTo("Ready"));   // the newer one, though it came first
    }

    private static StoreStatusReported reportedAt(String store, java.time.Instant at, BundleStatus status) {
        var meta = new EventMeta(java.util.UUID.randomUUID().toString(), at, "store-dispatcher", store, EventMeta.SCHEMA_VERSION);
        return new StoreStatusReported(meta, store, List.of(status));
    }

    @Test
    void batchesTakenInWhileTheOneBeforeIsWrittenLandInDeliveryOrder() {
        var store = unique("store");
        var sent = new java.util.ArrayList<String>();
        int before = acked.get();
        for (int b = 0; b < 8; b++) {
            var events = new StoreHeartbeat[40];
            for (int i = 0; i < events.length; i++) {
                events[i] = heartbeat(store);
                sent.add(events[i].id());
            }
            sendBatch(events);
        }
        awaitAcks(before + 8);
        awaitEvents(store, sent.size());
        List<String> recorded = given().queryParam("store", store).queryParam("limit", 1000).get("/api/events")
                .then().statusCode(200).extract().jsonPath().getList("eventId");
        assertThat(recorded).containsExactlyElementsOf(sent); // seq order = the order the batches were delivered in
        given().get("/api/ledger/verify").then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void sameEventDeliveredTwiceIsOneRow() {
        var store = unique("store");
        StoreHeartbeat beat = heartbeat(store);
        sendBatch(beat);
        sendBatch(beat);
        send(online(store));

        awaitAcks(2);
        awaitEvents(store, 2);
        given().queryParam("store", store).get("/api/events").then()
                .body("eventId", hasItem(beat.id()))
                .body("size()", equalTo(2));
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "storefleet_audit_events_duplicates_total{type=\"StoreHeartbeat\"}"));
    }

    @Test
    void garbageInABatchIsDeadLetteredWithItsReasonAndTheRestRecorded() {
        var store = unique("store");
        sendBatch(EventCodec.encode(heartbeat(store)), "{\"type\":\"NoSuchEvent\"", EventCodec.encode(online(store)));

        awaitAcks(1);
        awaitEvents(store, 2);
        var letter = deadLetters.received().stream().filter(m -> m.getPayload().contains("NoSuchEvent")).findFirst();
        assertThat(letter).isPresent();
        var kafka = letter.get().getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(kafka.getTopic()).isEqualTo("storefleet.audit.dlq");
        assertThat(new String(kafka.getHeaders().lastHeader(EventRecorder.REASON_HEADER).value())).isNotBlank();
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "storefleet_audit_events_rejected_total{reason=\"InvalidEvent\"}"));
    }

    @Test
    void healthReportsDatabaseUp() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }

    @Test
    void unknownStoreIs404() {
        given().get("/api/stores/" + unique("nowhere")).then().statusCode(404);
    }

    @Test
    void metricsCountRecordedEventsByType() {
        var store = unique("store");
        send(offline(store));
        awaitEvents(store, 1);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("storefleet_audit_events_recorded_total{type=\"StoreOffline\"}"));
        given().get("/api/stores/" + store).then().body("online", equalTo(false)).body("lastSeen", org.hamcrest.Matchers.notNullValue());
        given().get("/api/events/count?type=NoSuchType").then().body("count", equalTo(0));
        given().get("/api/stores/" + store).then().body("bundles", org.hamcrest.Matchers.empty());
        given().queryParam("store", store).get("/api/events").then().body("[0].bundle", nullValue());
    }

    private void send(FleetEvent event) {
        source.send(Message.of(List.of(EventCodec.encode(event)))); // unacked: the test waits for the rows instead
    }
}

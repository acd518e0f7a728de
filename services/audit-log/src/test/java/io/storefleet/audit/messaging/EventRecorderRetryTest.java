package io.storefleet.audit.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static io.storefleet.audit.Fixtures.heartbeat;
import static io.storefleet.audit.Fixtures.online;
import static io.storefleet.audit.Fixtures.reported;
import static io.storefleet.audit.Fixtures.status;
import static io.storefleet.audit.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The database failing is not the events' fault: waited out, never dead-lettered; an event Postgres refuses is. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class EventRecorderRetryTest extends RecorderChannelTest {

    @Test
    void aBatchWhoseConnectionIsKilledIsRetriedNotDeadLettered() throws Exception {
        var store = unique("store");
        var retriesBefore = retries();
        try (var admin = connect()) {
            admin.setAutoCommit(false);
            try (var st = admin.createStatement()) {
                // the writer's transaction waits behind this lock, so the test knows which backend to kill
                st.execute("LOCK TABLE ledger_head IN ACCESS EXCLUSIVE MODE");
            }
            sendBatch(heartbeat(store), online(store));
            await().atMost(Duration.ofSeconds(30)).until(() -> terminateWaitingBackends() > 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> retries() > retriesBefore);
            assertThat(acked.get()).isZero();
            admin.rollback(); // the database is back
        }
        awaitAcks(1);
        awaitEvents(store, 2);
        assertThat(deadLetters.received()).noneMatch(m -> m.getPayload().contains(store));
    }

    @Test
    void anEventPostgresRefusesIsDeadLetteredAloneAndTheRestOfItsBatchRecorded() {
        var store = unique("store");
        // a NUL character: valid JSON, but neither jsonb nor text columns take it (SQLSTATE class 22)
        var bad = reported(store, new BundleStatus("pos", BundleState.ErrApplied, "d1", "c1", "bad\u0000byte"));
        sendBatch(heartbeat(store), bad, online(store));

        awaitAcks(1);
        awaitEvents(store, 2);
        given().queryParam("store", store).get("/api/events").then().statusCode(200)
                .body("type", org.hamcrest.Matchers.contains("StoreHeartbeat", "StoreOnline"));
        var letter = deadLetters.received().stream().filter(m -> m.getPayload().contains(bad.id())).findFirst();
        assertThat(letter).isPresent();
        var kafka = letter.get().getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(new String(kafka.getHeaders().lastHeader(EventRecorder.REASON_HEADER).value()))
                .startsWith("RecordRefused: 22");
        // gap-free: the refused event took no seq
        given().get("/api/ledger/verify").then().statusCode(200).body("ok", equalTo(true));
    }

    private static Connection connect() throws SQLException {
        var url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url, "postgres", "");
    }

    private static int terminateWaitingBackends() throws SQLException {
        try (var c = connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static double retries() {
        var body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith("storefleet_audit_write_retries_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

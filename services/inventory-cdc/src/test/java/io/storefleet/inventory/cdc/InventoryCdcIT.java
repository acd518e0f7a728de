package io.storefleet.inventory.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.inventory.domain.SlotName;
import io.storefleet.inventory.support.CdcStackResource;
import io.storefleet.model.Topics;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** Real Postgres (logical decoding) → embedded Debezium → real Kafka, read back with a plain consumer. */
@QuarkusTest
@WithTestResource(CdcStackResource.class)
class InventoryCdcIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration ARRIVAL = Duration.ofSeconds(30);

    @Inject
    InventoryStreamer streamer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = CdcStackResource.SEEDED_STORE)
    String seededStore;

    KafkaConsumer<String, String> consumer;
    final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void readTopicFromTheStart() {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        var partitions = consumer.partitionsFor(Topics.INVENTORY_STORES).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // the engine starts with the app, asynchronously: once the seeded row's snapshot read is on the topic,
        // the slot exists and a row inserted now is streamed as an insert, not snapshotted
        awaitEvent(seededStore, "r");
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void rowsPresentBeforeStartArriveOnceAsSnapshotReads() throws Exception {
        var event = awaitEvent(seededStore, "r");
        assertThat(labels(event)).containsEntry("tier", "silver");
        assertThat(event.path("after").path("region").asText()).isEqualTo("west");
    }

    @Test
    void anInsertedStoreArrivesKeyedByItsIdWithItsLabels() throws Exception {
        var id = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
        try (var c = connect()) {
            insert(c, id, "{\"tier\": \"gold\", \"pilot\": \"true\"}");
        }
        var committed = System.nanoTime();
        var event = awaitEvent(id, "c");
        System.out.printf("inventory-cdc: insert -> event on topic in %d ms%n", (System.nanoTime() - committed) / 1_000_000);

        assertThat(event.path("before").isNull()).isTrue();
        assertThat(labels(event)).containsEntry("tier", "gold").containsEntry("pilot", "true");
        assertThat(event.path("source").path("lsn").asLong()).isPositive();
        given().get("/q/health/ready").then().statusCode(200);
        var metrics = given().get("/q/metrics").then().statusCode(200)
                .body(containsString("storefleet_inventory_changes_published_total{op=\"c\"}"))
                .extract().asString();
        var lag = metrics.lines().filter(l -> l.startsWith("storefleet_inventory_change_lag_ms")).findFirst().orElseThrow();
        System.out.printf("inventory-cdc: commit in Postgres -> acked by Kafka (metric): %s%n", lag);
    }

    @Test
    void changedLabelsArriveAsAnUpdateWithTheNewLabels() throws Exception {
        var id = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
        try (var c = connect()) {
            insert(c, id, "{\"tier\": \"gold\"}");
            awaitEvent(id, "c");
            try (var update = c.prepareStatement("UPDATE stores SET labels = '{\"tier\": \"bronze\", \"beta\": \"yes\"}'::jsonb WHERE id = ?")) {
                update.setString(1, id);
                update.executeUpdate();
            }
        }
        var committed = System.nanoTime();
        var event = awaitEvent(id, "u");
        System.out.printf("inventory-cdc: update -> event on topic in %d ms%n", (System.nanoTime() - committed) / 1_000_000);
        assertThat(labels(event)).containsEntry("tier", "bronze").containsEntry("beta", "yes").doesNotContainKey("pilot");
    }

    @Test
    void aRestartedEngineResumesWhereItStoppedWithoutSnapshottingAgain() throws Exception {
        streamer.stop();
        var whileStopped = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
        try (var c = connect()) {
            insert(c, whileStopped, "{\"tier\": \"gold\"}");
        }
        streamer.start();
        await().atMost(ARRIVAL).until(streamer::running);

        awaitEvent(whileStopped, "c"); // the change made while stopped is not lost: the slot kept it
        drainToEnd();
        assertThat(seen).filteredOn(r -> r.key().equals(seededStore)).hasSize(1); // no second snapshot
        assertThat(seen).filteredOn(r -> r.key().equals(whileStopped)).hasSize(1);
        try (var c = connect(); var q = c.prepareStatement("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?")) {
            q.setString(1, SlotName.forDatabase(c.getCatalog()));
            try (var rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("one slot for this database, reused").isEqualTo(1);
            }
        }
    }

    @Test
    void aChangeMadeWhileKafkaIsDownArrivesOnceKafkaIsBack() throws Exception {
        var stack = CdcStackResource.stack;
        assertThat(stack).as("the test stack is reachable from the test").isNotNull();
        var id = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
        try (var c = connect()) {
            insert(c, id, "{\"tier\": \"gold\"}");
            awaitEvent(id, "c");
            stack.kill("kafka");
            try (var update = c.prepareStatement("UPDATE stores SET labels = '{\"tier\": \"platinum\"}'::jsonb WHERE id = ?")) {
                update.setString(1, id);
                update.executeUpdate();
            }
        }
        stack.restartKafka(); // same port and data dir: the topics and the offsets topic survive

        var event = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return find(id, "u");
        }, e -> e != null);
        assertThat(labels(event)).containsEntry("tier", "platinum");
        await().atMost(ARRIVAL).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aLostReplicationConnectionIsReopenedAndNothingIsLost() throws Exception {
        var id = "cdc-" + UUID.randomUUID().toString().substring(0, 8);
        try (var c = connect()) {
            // what a Postgres restart or failover does to the walsender
            try (var kill = c.prepareStatement("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                kill.setString(1, SlotName.forDatabase(c.getCatalog()));
                try (var rs = kill.executeQuery()) {
                    assertThat(rs.next()).as("the slot was in use").isTrue();
                }
            }
            insert(c, id, "{\"tier\": \"gold\"}");
        }
        var event = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return find(id, "c");
        }, e -> e != null);
        assertThat(labels(event)).containsEntry("tier", "gold");
        await().atMost(ARRIVAL).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private JsonNode awaitEvent(String storeId, String op) {
        return await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return find(storeId, op);
        }, e -> e != null);
    }

    private JsonNode find(String storeId, String op) throws Exception {
        for (var record : seen) {
            if (record.key().equals(storeId)) {
                var value = JSON.readTree(record.value());
                if (value.path("op").asText().equals(op)) {
                    return value;
                }
            }
        }
        return null;
    }

    /** Reads every record written so far, on every partition, so "not there" means "never sent". */
    private void drainToEnd() {
        var end = consumer.endOffsets(consumer.assignment());
        await().atMost(ARRIVAL).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
    }

    private static Map<String, Object> labels(JsonNode event) throws Exception {
        var labels = event.path("after").path("labels");
        assertThat(labels.isTextual()).as("jsonb arrives as a JSON string").isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.readValue(labels.asText(), Map.class);
        return map;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    private static void insert(Connection c, String id, String labels) throws Exception {
        try (var st = c.prepareStatement("INSERT INTO stores (id, name, region, labels) VALUES (?, ?, 'east', ?::jsonb)")) {
            st.setString(1, id);
            st.setString(2, "Store " + id);
            st.setString(3, labels);
            st.executeUpdate();
        }
    }
}

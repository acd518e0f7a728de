package io.storefleet.dispatcher.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.dispatcher.support.DispatcherTestResource;
import io.storefleet.dispatcher.support.MqttTestClient;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreOffline;
import io.storefleet.model.StoreOnline;
import io.storefleet.model.StoreStatusReported;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@WithTestResource(DispatcherTestResource.class)
class StoreStatusBridgeTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    Vertx vertx;

    private String store;
    private MqttTestClient fakeStore;
    private final List<String> retainedTopics = new ArrayList<>();

    @BeforeEach
    void connectFakeStore() {
        store = "t-" + UUID.randomUUID().toString().substring(0, 8) + "-1";
        fakeStore = MqttTestClient.connect(vertx, store);
    }

    @AfterEach
    void cleanUp() {
        retainedTopics.forEach(fakeStore::clearRetained);
        fakeStore.close();
    }

    @Test
    void statusFromAStoreReachesKafkaKeyedByStoreId() {
        var json = EventCodec.encode(status(store, store));
        fakeStore.publish(MqttTopics.status(store), json, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> !forwardedFor(store).isEmpty());
        assertThat(forwardedFor(store)).singleElement().satisfies(m -> assertThat(m.getPayload()).isEqualTo(json));
    }

    @Test
    void statusForAnotherStoreAndGarbageAreRejectedAndTheBridgeKeepsWorking() {
        var other = "t-" + UUID.randomUUID().toString().substring(0, 8) + "-2";
        var forged = EventCodec.encode(status(other, other));
        fakeStore.publish(MqttTopics.status(store), forged, false);
        fakeStore.publish(MqttTopics.status(store), "\u0000garbage{", false);
        var genuine = EventCodec.encode(status(store, store));
        fakeStore.publish(MqttTopics.status(store), genuine, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetteredFor(store).size() == 2 && forwardedFor(store).size() == 2);
        var dead = deadLetteredFor(store);
        assertThat(dead).extracting(m -> header(m, StoreStatusBridge.HEADER_REASON))
                .containsExactly("StoreIdMismatch", "UnreadablePayload");
        assertThat(dead).extracting(m -> header(m, StoreStatusBridge.HEADER_TOPIC)).containsOnly(MqttTopics.status(store));
        assertThat(new String(dead.get(0).getPayload(), StandardCharsets.UTF_8)).isEqualTo(forged);
        // the genuine report goes on; the impersonation attempt goes to the ledger as a security event of the sender
        assertThat(forwardedFor(store)).filteredOn(m -> m.getPayload().equals(genuine)).hasSize(1);
        assertThat(forwardedFor(store)).extracting(m -> EventCodec.decode(m.getPayload()))
                .filteredOn(e -> e instanceof io.storefleet.model.StoreMessageRefused).singleElement()
                .satisfies(e -> assertThat(((io.storefleet.model.StoreMessageRefused) e).reason()).isEqualTo("StoreIdMismatch"));
        assertThat(forwardedFor(other)).isEmpty();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("storefleet_dispatcher_status_rejected_total{reason=\"StoreIdMismatch\"}"));
    }

    @Test
    void aStoreSpammingForgeriesIsOneLedgerEventWhileEveryMessageIsDeadLetteredAndCounted() {
        var forged = 25;
        for (int i = 0; i < forged; i++) {
            var other = "t-" + UUID.randomUUID().toString().substring(0, 8) + "-2";
            fakeStore.publish(MqttTopics.status(store), EventCodec.encode(status(other, other)), false);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetteredFor(store).size() == forged && !forwardedFor(store).isEmpty());
        // the rest waits for the store's summary, one per refusal-summary-interval (RefusalRateLimitTest)
        assertThat(forwardedFor(store)).extracting(m -> EventCodec.decode(m.getPayload()))
                .singleElement().isInstanceOf(io.storefleet.model.StoreMessageRefused.class);
        var metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var folded = java.util.regex.Pattern.compile("(?m)^storefleet_dispatcher_store_refusals_folded_total (\\S+)$").matcher(metrics);
        assertThat(folded.find()).as("folded counter on /q/metrics").isTrue();
        assertThat(Double.parseDouble(folded.group(1))).isGreaterThanOrEqualTo(forged - 1);
    }

    @Test
    void onlineFlagBecomesStoreOnlineAndLastWillStoreOffline() {
        // live flags through the shared subscription: each one is a transition (another instance may have seen others)
        var online = MqttTopics.online(store);
        retainedTopics.add(online);
        fakeStore.publish(online, "true", true);
        fakeStore.publish(online, "false", true);
        fakeStore.publish(online, "true", true);

        await().atMost(Duration.ofSeconds(10)).until(() -> forwardedFor(store).size() >= 3);
        var events = forwardedFor(store).stream().map(m -> EventCodec.decode(m.getPayload())).toList();
        assertThat(events).extracting(FleetEvent::type).containsExactly("StoreOnline", "StoreOffline", "StoreOnline");
        assertThat(((StoreOnline) events.get(0)).storeId()).isEqualTo(store);
        assertThat(((StoreOffline) events.get(1)).reason()).isEqualTo("LastWill");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.meta().source()).isEqualTo("store-dispatcher");
            assertThat(e.meta().subject()).isEqualTo(store);
        });
    }

    private List<Message<String>> forwardedFor(String storeId) {
        return connector.<String>sink(StoreStatusBridge.STATUS_OUT).received().stream()
                .filter(m -> storeId.equals(key(m)))
                .map(m -> (Message<String>) m)
                .toList();
    }

    private List<Message<byte[]>> deadLetteredFor(String storeId) {
        return connector.<byte[]>sink(StoreStatusBridge.STATUS_DLQ).received().stream()
                .filter(m -> storeId.equals(key(m)))
                .map(m -> (Message<byte[]>) m)
                .toList();
    }

    private static Object key(Message<?> message) {
        return message.getMetadata(OutgoingKafkaRecordMetadata.class).map(OutgoingKafkaRecordMetadata::getKey).orElse(null);
    }

    private static String header(Message<?> message, String name) {
        var headers = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static StoreStatusReported status(String storeId, String subject) {
        return new StoreStatusReported(EventMeta.of("edge-agent", subject), storeId,
                List.of(new BundleStatus("pos", BundleState.Ready, "d-1", "c-1", null)));
    }
}

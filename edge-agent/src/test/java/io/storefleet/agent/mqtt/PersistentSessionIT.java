package io.storefleet.agent.mqtt;

import io.storefleet.agent.core.Fixtures;
import io.storefleet.agent.sim.TestMqttClient;
import io.storefleet.model.MqttTopics;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against the machine's Mosquitto: the store's session outlives a disconnect. What the fleet publishes while the
 * store is away — including the removal of a bundle, which leaves no retained message behind — reaches it on
 * reconnect, and the queued intermediate versions are coalesced so the agent sees only the latest per bundle.
 */
class PersistentSessionIT {
    private final Vertx vertx = Vertx.vertx();
    private final String store = Fixtures.randomStoreId();
    private final String pos = MqttTopics.desired(store, "pos");
    private final String old = MqttTopics.desired(store, "old");
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            fleet.publishRetained(pos, new byte[0]);
            fleet.publishRetained(old, new byte[0]);
            fleet.publishRetained(MqttTopics.online(store), new byte[0]);
        }
        // a clean-session connect with the store's client id discards the session this test left on the broker
        var cleaner = MqttClient.create(vertx, new MqttClientOptions().setClientId(store).setCleanSession(true));
        done(cleaner.connect(1883, "127.0.0.1").toCompletionStage());
        done(cleaner.disconnect().toCompletionStage());
        done(vertx.close().toCompletionStage());
    }

    @Test
    void whatWasPublishedWhileAwayArrivesOnReconnectLatestOnlyAndRemovalsIncluded() throws Exception {
        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            fleet.publishRetained(old, bytes("old-1"));
        }
        var connection = new MqttStoreConnection(vertx, MqttSettings.of("127.0.0.1", 1883)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), store,
                (topic, payload) -> seen.add(topic.substring(topic.lastIndexOf('/') + 1) + "=" + new String(payload, StandardCharsets.UTF_8)),
                () -> { });
        assertThat(done(connection.connect().toCompletionStage())).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("old=old-1"));
        done(connection.disconnect().toCompletionStage());
        seen.clear();

        // while the store is away: three releases of pos, and old is removed (nothing retained for it any more)
        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            fleet.publishRetained(pos, bytes("pos-1"));
            fleet.publishRetained(pos, bytes("pos-2"));
            fleet.publishRetained(pos, bytes("pos-3"));
            fleet.publishRetained(old, new byte[0]);
        }

        assertThat(done(connection.connect().toCompletionStage())).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 2);
        // the queue delivered pos-1..3 and the retained pos-3 again: the agent is handed pos-3 once
        await().pollDelay(MqttStoreConnection.SETTLE.multipliedBy(2)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(seen).containsExactlyInAnyOrder("old=", "pos=pos-3"));
        done(connection.disconnect().toCompletionStage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T done(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
}

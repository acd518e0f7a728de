package io.storefleet.dispatcher.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A fake store / observer on the real Mosquitto; blocking calls, for tests only. */
public final class MqttTestClient implements AutoCloseable {
    public record Received(String topic, String payload, boolean retained) {
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private MqttTestClient(MqttClient client) {
        this.client = client;
    }

    public static MqttTestClient connect(Vertx vertx, String clientId) {
        var options = new MqttClientOptions().setClientId(clientId).setCleanSession(true).setMaxMessageSize(268435455);
        var c = new MqttTestClient(MqttClient.create(vertx, options));
        c.client.publishHandler(m -> c.received.add(
                new Received(m.topicName(), m.payload().toString(StandardCharsets.UTF_8), m.isRetain())));
        c.client.closeHandler(v -> c.closed.complete(null));
        await(c.client.connect(1883, "127.0.0.1"));
        return c;
    }

    public static MqttTestClient connect(Vertx vertx) {
        return connect(vertx, "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public MqttTestClient subscribe(String filter) {
        var subacked = new CompletableFuture<Void>();
        client.subscribeCompletionHandler(ack -> subacked.complete(null));
        await(client.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value()));
        join(subacked);
        return this;
    }

    /** QoS 1; returns once the broker acknowledged. */
    public void publish(String topic, String payload, boolean retain) {
        var acked = new CompletableFuture<Void>();
        client.publishCompletionHandler(id -> acked.complete(null));
        await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain));
        join(acked);
    }

    public void clearRetained(String topic) {
        publish(topic, "", true);
    }

    public List<Received> received() {
        return received;
    }

    public List<Received> receivedOn(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (client.isConnected()) {
            await(client.disconnect());
        }
    }

    private static <T> T await(Future<T> future) {
        return join(future.toCompletionStage().toCompletableFuture());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.storefleet.agent.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The fleet's side of the broker for tests: publishes desired state, records what stores send. */
public final class TestMqttClient implements AutoCloseable {
    public record Received(String topic, String payload, boolean retained) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TestMqttClient(String host, int port) throws Exception {
        client = MqttClient.create(vertx, new MqttClientOptions()
                .setClientId("test-" + UUID.randomUUID().toString().substring(0, 8)).setMaxInflightQueue(1000).setMaxMessageSize(268_435_455));
        client.publishHandler(m -> received.add(new Received(m.topicName(), m.payload().toString(), m.isRetain())));
        await(client.connect(port, host).toCompletionStage());
    }

    public void subscribe(String filter) throws Exception {
        await(client.subscribe(filter, 1).toCompletionStage());
    }

    public void publishRetained(String topic, byte[] payload) throws Exception {
        await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, true).toCompletionStage());
    }

    public List<Received> received() {
        return received;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            await(client.disconnect().toCompletionStage());
        }
        await(vertx.close().toCompletionStage());
    }
}

package io.storefleet.e2e;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** A test's MQTT client with a given identity: TLS pinning the stack's CA (or plain TCP), QoS 1, records what it receives. */
final class SecureMqttClient implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final MqttClient client;
    private final Map<Integer, Promise<Void>> acks = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    volatile boolean closed;

    private SecureMqttClient(MqttClientOptions options) {
        client = MqttClient.create(vertx, options);
        client.publishHandler(m -> received.add(m.topicName() + "=" + m.payload().toString()));
        client.publishCompletionHandler(id -> acks.computeIfAbsent(id, k -> Promise.promise()).tryComplete());
        client.closeHandler(v -> closed = true);
    }

    /** Connects; throws when the broker refuses (bad credential, no TLS, ...). */
    static SecureMqttClient connect(int port, String clientId, String user, String password, Path caFile) throws Exception {
        var options = new MqttClientOptions().setClientId(clientId).setCleanSession(true).setKeepAliveInterval(30);
        if (user != null) {
            options.setUsername(user).setPassword(password);
        }
        if (caFile != null) {
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS").setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()));
        }
        options.setConnectTimeout(5_000);
        var c = new SecureMqttClient(options);
        try {
            await(c.client.connect(port, "127.0.0.1"));
        } catch (Exception e) {
            c.vertx.close();
            throw e;
        }
        return c;
    }

    /** Subscribes at QoS 1; returns the granted QoS per filter. */
    List<Integer> subscribe(String filter) throws Exception {
        var suback = Promise.<List<Integer>>promise();
        client.subscribeCompletionHandler(ack -> suback.tryComplete(ack.grantedQoSLevels()));
        await(client.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value()));
        return await(suback.future());
    }

    /** Publishes at QoS 1 and waits for the PUBACK (MQTT 3.1.1 acks a publish the ACL dropped, too). */
    void publish(String topic, byte[] payload, boolean retain) throws Exception {
        var id = await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain));
        await(acks.computeIfAbsent(id, k -> Promise.promise()).future());
        acks.remove(id);
    }

    boolean isConnected() {
        return client.isConnected();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            client.disconnect();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

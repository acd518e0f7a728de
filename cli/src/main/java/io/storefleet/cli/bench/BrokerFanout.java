package io.storefleet.cli.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The physical limit: N plain MQTT clients, each subscribed (QoS 1) to its own topic, and one publisher sending
 * one retained QoS 1 message of the given size to every topic, as the dispatcher does, with nothing in between.
 * The time from the first publish to the last receipt is what the broker and this machine allow.
 */
final class BrokerFanout {
    static final String TOPIC_PREFIX = "storefleet-bench/fanout/";
    private static final int MAX_MESSAGE_SIZE = 268_435_455;
    private static final int CONNECT_CONCURRENCY = 200;
    private static final int PUBLISH_WINDOW = 500;

    /** @return seconds from first publish to last receipt */
    static double measure(String host, int port, int clients, int payloadBytes, Duration timeout) throws Exception {
        var vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        var received = new CountDownLatch(clients);
        var subscribers = new ArrayList<MqttClient>();
        try {
            for (int i = 0; i < clients; i++) {
                var id = i;
                var client = MqttClient.create(vertx, options("bench-fanout-" + id));
                client.publishHandler(msg -> received.countDown());
                subscribers.add(client);
            }
            connectAll(subscribers, host, port, timeout);
            var publisher = MqttClient.create(vertx, options("bench-fanout-publisher").setMaxInflightQueue(PUBLISH_WINDOW * 2));
            publisher.connect(port, host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            var payload = Buffer.buffer(new byte[payloadBytes]);
            var start = System.nanoTime();
            publishAll(publisher, clients, payload, false);
            if (!received.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("broker fan-out: only " + (clients - received.getCount()) + "/" + clients + " received");
            }
            var seconds = (System.nanoTime() - start) / 1e9;
            // clear the retained messages again (empty retained payload), so they cost the broker nothing later
            publishAll(publisher, clients, Buffer.buffer(), true);
            publisher.disconnect();
            return seconds;
        } finally {
            Future.join(subscribers.stream().filter(MqttClient::isConnected).map(MqttClient::disconnect).toList())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** A broker identity: the bench logs in as the dispatcher on the service listener (TLS, the stack's CA pinned). */
    record Login(String username, String password, String caFile) {
    }

    /** Set by the bench before measuring; null = anonymous plain TCP (a broker without storefleet's security). */
    static volatile Login login;

    private static MqttClientOptions options(String clientId) {
        var options = new MqttClientOptions().setClientId(clientId).setCleanSession(true).setKeepAliveInterval(60)
                .setMaxInflightQueue(100).setMaxMessageSize(MAX_MESSAGE_SIZE);
        options.setConnectTimeout(10_000);
        var l = login;
        if (l != null) {
            options.setUsername(l.username()).setPassword(l.password());
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                    .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(l.caFile()));
        }
        return options;
    }

    /** Connects and subscribes every client, at most {@link #CONNECT_CONCURRENCY} at a time. */
    private static void connectAll(List<MqttClient> clients, String host, int port, Duration timeout) throws Exception {
        var next = new AtomicInteger();
        var done = new CountDownLatch(clients.size());
        var failures = new AtomicInteger();
        Runnable[] startOne = new Runnable[1];
        startOne[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= clients.size()) {
                return;
            }
            var client = clients.get(i);
            client.connect(port, host)
                    .compose(ack -> client.subscribe(TOPIC_PREFIX + i, MqttQoS.AT_LEAST_ONCE.value()))
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            failures.incrementAndGet();
                        }
                        done.countDown();
                        startOne[0].run();
                    });
        };
        for (int i = 0; i < Math.min(CONNECT_CONCURRENCY, clients.size()); i++) {
            startOne[0].run();
        }
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || failures.get() > 0) {
            throw new IllegalStateException("broker fan-out: " + failures.get() + " subscribers failed, "
                    + done.getCount() + " still connecting");
        }
    }

    /** Publishes one retained QoS 1 message per topic, keeping at most {@link #PUBLISH_WINDOW} unacknowledged. */
    private static void publishAll(MqttClient publisher, int topics, Buffer payload, boolean clear) throws Exception {
        var all = Promise.<Void>promise();
        var lock = new Object(); // completions arrive on the client's event loop, the first pump runs here
        int[] sent = {0};
        int[] acked = {0};
        Runnable pump = () -> {
            synchronized (lock) {
                while (sent[0] < topics && sent[0] - acked[0] < PUBLISH_WINDOW) {
                    publisher.publish(TOPIC_PREFIX + sent[0]++, payload, MqttQoS.AT_LEAST_ONCE, false, true)
                            .onFailure(all::tryFail);
                }
            }
        };
        publisher.publishCompletionHandler(id -> {
            boolean done;
            synchronized (lock) {
                acked[0]++;
                done = acked[0] >= topics;
            }
            if (done) {
                all.tryComplete();
            } else {
                pump.run();
            }
        });
        pump.run();
        all.future().toCompletionStage().toCompletableFuture().get(clear ? 60 : 600, TimeUnit.SECONDS);
    }

    /** Size of the retained message on one topic (e.g. a store's desired state); -1 if none arrives in time. */
    static int retainedSize(String host, int port, String topic) throws Exception {
        var vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        try {
            var size = new java.util.concurrent.CompletableFuture<Integer>();
            var client = MqttClient.create(vertx, options("bench-probe-" + System.nanoTime()));
            client.publishHandler(msg -> size.complete(msg.payload().length()));
            client.connect(port, host).compose(ack -> client.subscribe(topic, MqttQoS.AT_LEAST_ONCE.value()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            try {
                return size.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return -1;
            } finally {
                client.disconnect();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private BrokerFanout() {
    }
}

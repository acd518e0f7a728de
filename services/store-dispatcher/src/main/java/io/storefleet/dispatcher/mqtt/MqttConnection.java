package io.storefleet.dispatcher.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.storefleet.dispatcher.domain.ClientIdentity;
import io.storefleet.dispatcher.domain.TopicFilter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The dispatcher's single MQTT connection: connects at startup, reconnects with backoff, re-subscribes,
 * and turns QoS 1 publishes into futures that complete on PUBACK.
 * <p>
 * vertx-mqtt's own {@code publish} future completes when the PUBLISH is written to the socket, not when
 * the broker acknowledged it (4.5.27: {@code write(publish).map(packetId)}), so PUBACKs are matched to
 * packet ids via {@code publishCompletionHandler}. All mutable state is touched only on one Vert.x
 * context, so it needs no locks. Each instance connects under its own client id ({@link ClientIdentity}); inbound
 * messages go to the handler whose filters match the topic.
 */
@ApplicationScoped
public class MqttConnection {
    private static final Logger LOG = Logger.getLogger(MqttConnection.class);

    private final Vertx vertx;
    private final MqttConfig config;

    private final Context context;
    private final String clientId;
    private volatile boolean connected;
    private MqttClient client;
    private final Map<Integer, CompletableFuture<Void>> awaitingAck = new ConcurrentHashMap<>();
    // A PUBACK that overtook the registration of its packet id; not expected on one event loop, but cheap to handle.
    private final Set<Integer> earlyAcks = new HashSet<>();
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Runnable> connectedListeners = new ArrayList<>();
    private long reconnectDelayMs;
    private boolean failureLogged;
    private boolean stopping;

    public MqttConnection(Vertx vertx, MqttConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.reconnectDelayMs = config.reconnectInitialDelay().toMillis();
        this.clientId = ClientIdentity.of(config.clientId(), config.instanceId(), hostname(),
                () -> UUID.randomUUID().toString().substring(0, 8));
        // Our own event-loop context when created on a plain thread (startup), so the state stays single-threaded.
        this.context = vertx.getOrCreateContext();
    }

    // After the default priority, so handlers registered at startup are in place before the first delivery.
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        onContext(this::connect);
    }

    void stop(@Observes ShutdownEvent event) {
        var done = new CompletableFuture<Void>();
        onContext(() -> {
            stopping = true;
            var c = client;
            client = null;
            connected = false;
            failPending("dispatcher stopping");
            if (c != null && c.isConnected()) {
                // leave the shared groups first: a persistent session that stays subscribed keeps receiving its share
                subscriptions.keySet().stream().filter(f -> f.startsWith("$share/")).forEach(c::unsubscribe);
                c.disconnect().onComplete(ar -> done.complete(null));
            } else {
                done.complete(null);
            }
        });
        try {
            done.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("MQTT disconnect did not finish cleanly", e);
        }
    }

    public boolean isConnected() {
        return connected;
    }

    /** This instance's client id, e.g. {@code storefleet-dispatcher-pod-7f9c}. */
    public String clientId() {
        return clientId;
    }

    public int pendingAcks() {
        return awaitingAck.size();
    }

    /**
     * Subscribes at QoS 1 now and after every reconnect; {@code handler} receives the messages whose topic matches
     * one of {@code topicFilters} (first registration wins) and must call {@link MqttInbound#ack()}.
     */
    public void subscribe(List<String> topicFilters, Consumer<MqttInbound> handler) {
        onContext(() -> {
            routes.add(new Route(List.copyOf(topicFilters), handler));
            var added = new LinkedHashMap<String, Integer>();
            topicFilters.forEach(filter -> added.put(filter, MqttQoS.AT_LEAST_ONCE.value()));
            subscriptions.putAll(added);
            if (connected) {
                client.subscribe(added);
            }
        });
    }

    /**
     * Runs {@code listener} on the connection's context after every (re)connect, once the SUBSCRIBE is written;
     * if connected now, also right away (after the pending subscriptions).
     */
    public void whenConnected(Runnable listener) {
        onContext(() -> {
            connectedListeners.add(listener);
            if (connected) {
                listener.run();
            }
        });
    }

    /**
     * Publishes at QoS 1; completes when the broker sent PUBACK, fails with {@link MqttUnavailableException}
     * when it cannot be delivered now (the caller retries).
     */
    public CompletionStage<Void> publish(String topic, byte[] payload, boolean retain) {
        var result = new CompletableFuture<Void>();
        onContext(() -> doPublish(topic, payload, retain, result));
        return result;
    }

    private void doPublish(String topic, byte[] payload, boolean retain, CompletableFuture<Void> result) {
        var c = client;
        if (c == null || !connected) {
            result.completeExceptionally(new MqttUnavailableException("not connected"));
            return;
        }
        c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain).onComplete(ar -> {
            if (ar.failed()) {
                result.completeExceptionally(new MqttUnavailableException("publish failed: " + ar.cause().getMessage()));
            } else if (c != client) {
                result.completeExceptionally(new MqttUnavailableException("connection lost before PUBACK"));
            } else if (earlyAcks.remove(ar.result())) {
                result.complete(null);
            } else {
                awaitingAck.put(ar.result(), result);
            }
        });
    }

    private static String readSecret(String file) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)).get(0).strip();
        } catch (java.io.IOException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("cannot read storefleet.mqtt.password-file " + file, e);
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        var options = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(config.cleanSession())
                .setKeepAliveInterval(config.keepAlive())
                .setAutoKeepAlive(true)
                .setMaxInflightQueue(config.maxInflight())
                .setMaxMessageSize(config.maxMessageSize());
        // PUBACK for inbound status goes out only after Kafka took it (MqttInbound.ack).
        options.setAutoAck(false);
        config.username().ifPresent(options::setUsername);
        config.password().ifPresent(options::setPassword);
        config.passwordFile().map(MqttConnection::readSecret).ifPresent(options::setPassword);
        config.tlsCaFile().ifPresent(ca -> options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(ca)));

        var c = MqttClient.create(vertx, options);
        client = c;
        c.publishHandler(message -> {
            if (c == client) {
                deliver(c, message);
            }
        });
        c.publishCompletionHandler(packetId -> {
            if (c == client) {
                acked(packetId);
            }
        });
        c.closeHandler(v -> {
            if (c == client) {
                lost(null);
            }
        });
        c.exceptionHandler(e -> LOG.warnf("MQTT connection error: %s", e.toString()));
        c.connect(config.port(), config.host()).onComplete(ar -> {
            if (c != client) {
                return;
            }
            if (ar.succeeded()) {
                connected = true;
                failureLogged = false;
                reconnectDelayMs = config.reconnectInitialDelay().toMillis();
                LOG.infof("MQTT connected to %s:%d as %s (session present: %s)", config.host(), config.port(),
                        clientId, ar.result().isSessionPresent());
                if (!subscriptions.isEmpty()) {
                    c.subscribe(new LinkedHashMap<>(subscriptions));
                }
                connectedListeners.forEach(Runnable::run);
            } else {
                lost(ar.cause());
            }
        });
    }

    private void lost(Throwable cause) {
        var wasConnected = connected;
        connected = false;
        client = null;
        failPending("connection lost before PUBACK");
        if (stopping) {
            return;
        }
        if (wasConnected) {
            LOG.warnf("MQTT disconnected from %s:%d; reconnecting", config.host(), config.port());
        } else if (!failureLogged) {
            failureLogged = true;
            LOG.warnf("MQTT connect to %s:%d failed (%s); retrying with backoff", config.host(), config.port(),
                    cause == null ? "closed" : cause.getMessage());
        }
        var delay = reconnectDelayMs + ThreadLocalRandom.current().nextLong(reconnectDelayMs / 4 + 1);
        reconnectDelayMs = Math.min(reconnectDelayMs * 2, config.reconnectMaxDelay().toMillis());
        vertx.setTimer(delay, id -> onContext(this::connect));
    }

    private void deliver(MqttClient c, MqttPublishMessage message) {
        var ack = (Runnable) () -> onContext(() -> {
            // After a reconnect the broker redelivers unacknowledged messages itself.
            if (c == client) {
                message.ack();
            }
        });
        var topic = message.topicName();
        var route = routes.stream().filter(r -> r.matches(topic)).findFirst();
        if (route.isEmpty()) {
            // e.g. a subscription of an earlier life of this persistent session: nothing here wants it
            LOG.debugf("no handler for %s; acknowledged", topic);
            ack.run();
            return;
        }
        try {
            route.get().handler().accept(new MqttInbound(topic, message.payload().getBytes(), message.isRetain(), ack));
        } catch (RuntimeException e) {
            LOG.errorf(e, "inbound handler failed for %s", message.topicName());
        }
    }

    private void acked(int packetId) {
        var waiting = awaitingAck.remove(packetId);
        if (waiting != null) {
            waiting.complete(null);
        } else {
            earlyAcks.add(packetId);
        }
    }

    private void failPending(String reason) {
        earlyAcks.clear();
        var pending = Map.copyOf(awaitingAck);
        awaitingAck.clear();
        pending.values().forEach(f -> f.completeExceptionally(new MqttUnavailableException(reason)));
    }

    /**
     * The pod name on Kubernetes ({@code HOSTNAME}); elsewhere the machine's name (a shell's {@code HOSTNAME} is
     * usually not exported), which stays the same across restarts so a persistent session resumes.
     */
    private static Optional<String> hostname() {
        var env = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank());
        if (env.isPresent()) {
            return env;
        }
        try {
            return Optional.of(java.net.InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private record Route(List<String> filters, Consumer<MqttInbound> handler) {
        boolean matches(String topic) {
            return filters.stream().anyMatch(f -> TopicFilter.matches(f, topic));
        }
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}

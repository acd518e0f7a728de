package io.storefleet.agent.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.storefleet.agent.core.StatusSink;
import io.storefleet.model.EventCodec;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One store's MQTT session: Last Will {@code online=false}, retained {@code online=true} on connect, QoS 1
 * subscription to its desired topics (the broker replays the retained latest state on every connect), status
 * out, reconnect with backoff. Lives on the Vert.x context it was created on; calls from elsewhere hop there.
 * <p>
 * The session is persistent (clean session off, client id = store id): the broker queues what is published to the
 * store's topics while it is away, so a bundle removed meanwhile (an empty retained message, which leaves nothing
 * retained to replay) still reaches it. The queue also holds every intermediate version: desired messages arriving
 * in the first {@link #SETTLE} after a (re)connect are coalesced per topic, so the agent acts on the latest only.
 */
public final class MqttStoreConnection implements StatusSink {
    private static final System.Logger LOG = System.getLogger(MqttStoreConnection.class.getName());
    private static final Buffer ONLINE = Buffer.buffer(MqttTopics.ONLINE_TRUE);
    private static final Buffer OFFLINE = Buffer.buffer(MqttTopics.ONLINE_FALSE);

    private final Vertx vertx;
    private final Context context;
    private final MqttSettings settings;
    private final String storeId;
    private final DesiredHandler desired;
    private final Runnable onConnected;
    private final Backoff backoff;
    private MqttClient client;
    private volatile boolean connected;
    private boolean stopped = true;
    private long retryTimer = -1;
    private Future<?> attemptDone = Future.succeededFuture();
    private final Map<Integer, Promise<Void>> awaitingAck = new HashMap<>();
    /** Queued and retained messages of the current attempt, last per topic, until {@link #SETTLE} after SUBACK. */
    private Map<String, byte[]> settling;

    /** How long after subscribing queued and retained messages are collected before the agent sees them. */
    static final java.time.Duration SETTLE = java.time.Duration.ofMillis(250);

    /**
     * @param onConnected runs after each (re)connect and subscribe, e.g. to republish the full status
     */
    public MqttStoreConnection(Vertx vertx, MqttSettings settings, String storeId, DesiredHandler desired,
                               Runnable onConnected) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.storeId = storeId;
        this.desired = desired;
        this.onConnected = onConnected;
        this.backoff = new Backoff(settings.firstBackoff(), settings.maxBackoff());
    }

    /** Starts the session; completes after the first attempt, either way. Failed attempts keep retrying. */
    public Future<Boolean> connect() {
        var promise = Promise.<Boolean>promise();
        context.runOnContext(v -> {
            if (!stopped) {
                promise.complete(connected);
                return;
            }
            stopped = false;
            backoff.reset();
            attempt(promise);
        });
        return promise.future();
    }

    private void attempt(Promise<Boolean> firstAttempt) {
        retryTimer = -1;
        awaitingAck.clear();
        var attemptClient = MqttClient.create(vertx, options());
        client = attemptClient;
        var held = new java.util.LinkedHashMap<String, byte[]>();
        settling = held;
        attemptClient.publishHandler(msg -> {
            if (settling == held) {
                held.remove(msg.topicName()); // last one wins, in arrival order
                held.put(msg.topicName(), msg.payload().getBytes());
            } else {
                desired.onDesired(msg.topicName(), msg.payload().getBytes());
            }
        });
        attemptClient.closeHandler(v -> {
            release(held); // already acknowledged to the broker: never dropped
            closed(attemptClient);
        });
        attemptClient.publishCompletionHandler(this::acked);
        attemptDone = attemptClient.connect(settings.port(), settings.host())
                .compose(ack -> attemptClient.publish(MqttTopics.online(storeId), ONLINE, MqttQoS.AT_LEAST_ONCE, false, true))
                .compose(id -> attemptClient.subscribe(MqttTopics.desiredWildcard(storeId), MqttQoS.AT_LEAST_ONCE.value()))
                .onSuccess(granted -> {
                    if (client != attemptClient || stopped) {
                        return; // disconnect() waited for this attempt and says goodbye itself
                    }
                    connected = true;
                    backoff.reset();
                    vertx.setTimer(SETTLE.toMillis(), id -> {
                        release(held);
                        if (client == attemptClient && !stopped) {
                            onConnected.run();
                        }
                    });
                    if (firstAttempt != null) {
                        firstAttempt.complete(true);
                    }
                })
                .onFailure(error -> {
                    release(held);
                    LOG.log(System.Logger.Level.DEBUG, "{0}: connect failed: {1}", storeId, error.getMessage());
                    if (attemptClient.isConnected()) {
                        attemptClient.disconnect(); // closeHandler schedules the retry
                    } else {
                        retryLater(attemptClient);
                    }
                    if (firstAttempt != null) {
                        firstAttempt.complete(false);
                    }
                });
    }

    /** Hands an attempt's collected messages to the agent (once) and lets later ones through directly. */
    private void release(Map<String, byte[]> held) {
        if (settling == held) {
            settling = null;
        }
        var collected = new java.util.ArrayList<>(held.entrySet());
        held.clear();
        collected.forEach(e -> desired.onDesired(e.getKey(), e.getValue()));
    }

    private void closed(MqttClient closedClient) {
        if (client != closedClient) {
            return;
        }
        connected = false;
        retryLater(closedClient);
    }

    private void retryLater(MqttClient failedClient) {
        if (stopped || client != failedClient || retryTimer >= 0) {
            return;
        }
        var delay = backoff.next();
        LOG.log(System.Logger.Level.DEBUG, "{0}: reconnecting in {1} ms", storeId, delay.toMillis());
        retryTimer = vertx.setTimer(delay.toMillis(), id -> attempt(null));
    }

    /** The MQTT protocol's own limit (256 MB); the planner's bundles are far smaller. */
    static final int MAX_MESSAGE_SIZE = 268_435_455;

    private MqttClientOptions options() {
        var options = new MqttClientOptions()
                .setClientId(storeId)
                .setCleanSession(false)
                .setKeepAliveInterval(settings.keepAliveSeconds())
                .setWillFlag(true)
                .setWillTopic(MqttTopics.online(storeId))
                .setWillMessageBytes(OFFLINE)
                .setWillQoS(MqttQoS.AT_LEAST_ONCE.value())
                .setWillRetain(true)
                // a burst of status reports after a reconnect must not hit the default limit of 10
                .setMaxInflightQueue(100)
                // Netty's MQTT decoder defaults to 8092 bytes; a desired state with its manifests is larger
                .setMaxMessageSize(MAX_MESSAGE_SIZE);
        options.setConnectTimeout(10_000);
        if (settings.username() != null) {
            options.setUsername(settings.username()).setPassword(settings.password());
        }
        if (settings.tlsCaFile() != null) {
            // the fleet CA only: a host that merely answers on the broker's address never sees the password
            options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS").setTrustOptions(trust(settings.tlsCaFile()));
        }
        return options;
    }

    private static final Map<String, io.vertx.core.net.PemTrustOptions> TRUST = new java.util.concurrent.ConcurrentHashMap<>();

    /** One trust options object per CA file, read once: thousands of simulated stores share it. */
    private static io.vertx.core.net.PemTrustOptions trust(String caFile) {
        return TRUST.computeIfAbsent(caFile, file -> {
            try {
                return new io.vertx.core.net.PemTrustOptions().addCertValue(
                        Buffer.buffer(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the MQTT CA " + file, e);
            }
        });
    }

    /** Ends the session on purpose: says {@code online=false} itself (a clean DISCONNECT fires no Last Will). */
    public Future<Void> disconnect() {
        var promise = Promise.<Void>promise();
        context.runOnContext(v -> {
            stopped = true;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            var current = client;
            client = null;
            connected = false;
            // a connect still in flight would otherwise come up after we left, and later fire its Last Will
            attemptDone.timeout(15, TimeUnit.SECONDS)
                    .transform(ar -> goodbye(current))
                    .onComplete(ar -> promise.complete());
        });
        return promise.future();
    }

    private Future<Void> goodbye(MqttClient current) {
        if (current == null || !current.isConnected()) {
            return Future.succeededFuture();
        }
        // the publish future completes on write; wait for the PUBACK, so online=false is stored before we go
        return current.publish(MqttTopics.online(storeId), OFFLINE, MqttQoS.AT_LEAST_ONCE, false, true)
                .compose(this::ackOf)
                .timeout(5, TimeUnit.SECONDS)
                .transform(ar -> current.disconnect());
    }

    private Future<Void> ackOf(int packetId) {
        var ack = awaitingAck.computeIfAbsent(packetId, id -> Promise.promise());
        return ack.future().onComplete(ar -> awaitingAck.remove(packetId));
    }

    private void acked(int packetId) {
        if (!stopped) {
            return; // only the goodbye message is awaited
        }
        // a PUBACK may beat the write-completion callback: leave a completed promise for ackOf to find
        awaitingAck.computeIfAbsent(packetId, id -> Promise.promise()).tryComplete();
    }

    public boolean isConnected() {
        return connected;
    }

    public String storeId() {
        return storeId;
    }

    /** Status and heartbeats, QoS 1, not retained. Dropped while offline: a reconnect republishes the status. */
    @Override
    public void publish(StoreEvent event) {
        var payload = Buffer.buffer(EventCodec.encodeBytes(event));
        if (Vertx.currentContext() == context) {
            send(payload);
        } else {
            context.runOnContext(v -> send(payload));
        }
    }

    private void send(Buffer payload) {
        var current = client;
        if (!connected || current == null) {
            return;
        }
        current.publish(MqttTopics.status(storeId), payload, MqttQoS.AT_LEAST_ONCE, false, false)
                .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "{0}: status not sent: {1}", storeId, e.getMessage()));
    }

    @FunctionalInterface
    public interface DesiredHandler {
        void onDesired(String topic, byte[] payload);
    }
}

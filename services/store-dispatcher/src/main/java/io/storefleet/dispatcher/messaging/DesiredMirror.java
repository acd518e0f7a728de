package io.storefleet.dispatcher.messaging;

import io.quarkus.runtime.StartupEvent;
import io.storefleet.dispatcher.domain.DesiredWrite;
import io.storefleet.dispatcher.domain.RetainedDesired;
import io.storefleet.dispatcher.mqtt.MqttConnection;
import io.storefleet.dispatcher.mqtt.MqttInbound;
import io.storefleet.model.MqttTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@link RetainedDesired} in step with the broker: a plain (not shared) subscription to every store's desired
 * topics replays what is retained, then carries every write, this instance's and the others'.
 * <p>
 * "Synced" means the replay is complete: after each (re)connect we publish a marker to our own sync topic right
 * behind the SUBSCRIBE. The broker handles one connection's packets in order, so the retained replay is queued
 * before the marker, and Mosquitto delivers one client's queue in order: when the marker comes back, the mirror
 * holds everything retained at that moment. Writes wait for that (see {@link DesiredStateDispatcher}).
 */
@ApplicationScoped
public class DesiredMirror {
    private static final Logger LOG = Logger.getLogger(DesiredMirror.class);

    private final MqttConnection mqtt;
    private final DispatcherMetrics metrics;
    private final DispatcherConfig config;
    private final RetainedDesired retained = new RetainedDesired();
    private volatile CompletableFuture<Void> synced = new CompletableFuture<>();
    private volatile String expectedMarker = "";

    public DesiredMirror(MqttConnection mqtt, DispatcherMetrics metrics, DispatcherConfig config) {
        this.mqtt = mqtt;
        this.metrics = metrics;
        this.config = config;
        metrics.mirrorSize(retained::size);
    }

    void subscribe(@Observes StartupEvent event) {
        var syncTopic = MqttTopics.dispatcherSync(mqtt.clientId());
        mqtt.subscribe(List.of(MqttTopics.ALL_DESIRED, syncTopic), this::onMessage);
        mqtt.whenConnected(this::sendMarker);
    }

    /** Completes once the retained replay after the latest (re)connect has been read. */
    public CompletionStage<Void> synced() {
        return synced;
    }

    /** True when the broker already retains what {@code write} would write (a redelivered record). */
    public boolean alreadyRetained(DesiredWrite write) {
        return retained.alreadyRetained(write);
    }

    // on the connection's context, right after the SUBSCRIBE was written
    private void sendMarker() {
        if (synced.isDone()) {
            synced = new CompletableFuture<>();
        }
        var waiting = synced;
        var timeout = config.mirrorSyncTimeout();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (waiting.complete(null)) {
                LOG.warnf("sync marker not back within %s: publishing without a complete mirror (%d topics known)",
                        timeout, retained.size());
            }
        });
        var marker = UUID.randomUUID().toString();
        expectedMarker = marker;
        mqtt.publish(MqttTopics.dispatcherSync(mqtt.clientId()), marker.getBytes(StandardCharsets.UTF_8), false)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        // the connection dropped; the next connect sends a new marker
                        LOG.debugf("sync marker not sent: %s", e.getMessage());
                    }
                });
    }

    void onMessage(MqttInbound message) {
        if (message.topic().startsWith(MqttTopics.DISPATCHERS_ROOT)) {
            if (message.payloadText().equals(expectedMarker) && synced.complete(null)) {
                LOG.infof("desired-state mirror synced: %d topics retained", retained.size());
            }
        } else {
            retained.observe(message.topic(), message.payload());
        }
        message.ack().run();
    }
}

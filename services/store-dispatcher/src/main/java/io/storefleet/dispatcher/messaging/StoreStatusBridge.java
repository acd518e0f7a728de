package io.storefleet.dispatcher.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.dispatcher.domain.OnlineDecision;
import io.storefleet.dispatcher.domain.OnlineTracker;
import io.storefleet.dispatcher.domain.RefusalRateLimit;
import io.storefleet.dispatcher.domain.RejectReason;
import io.storefleet.dispatcher.domain.StatusDecision;
import io.storefleet.dispatcher.domain.StatusValidation;
import io.storefleet.dispatcher.mqtt.MqttConfig;
import io.storefleet.dispatcher.mqtt.MqttConnection;
import io.storefleet.dispatcher.mqtt.MqttInbound;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreMessageRefused;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * MQTT status and online topics → Kafka {@code storefleet.store.status}, keyed by store id. A message is
 * PUBACKed only once Kafka has it, so the broker redelivers whatever we lose. Refused messages go, raw,
 * to {@code storefleet.store.status.dlq} with {@code dlq-reason} and {@code mqtt-topic} headers. The topics are
 * subscribed through a shared subscription, so N instances each forward a share and none forwards a message twice.
 */
@ApplicationScoped
public class StoreStatusBridge {
    public static final String STATUS_OUT = "store-status";
    public static final String STATUS_DLQ = "store-status-dlq";
    public static final String HEADER_REASON = "dlq-reason";
    public static final String HEADER_DETAIL = "dlq-detail";
    public static final String HEADER_TOPIC = "mqtt-topic";

    private static final Logger LOG = Logger.getLogger(StoreStatusBridge.class);
    private static final Duration MAX_FLUSH_DELAY = Duration.ofSeconds(10);

    private final MqttConnection mqtt;
    private final MutinyEmitter<String> status;
    private final MutinyEmitter<byte[]> dlq;
    private final DispatcherConfig config;
    private final DispatcherMetrics metrics;
    private final String shareGroup;
    private final OnlineTracker presence = new OnlineTracker();
    private final RefusalRateLimit refusals;
    private final Vertx vertx;
    private final Duration flushEvery;
    private long flushTimer = -1;

    public StoreStatusBridge(MqttConnection mqtt, @Channel(STATUS_OUT) MutinyEmitter<String> status,
                             @Channel(STATUS_DLQ) MutinyEmitter<byte[]> dlq, DispatcherConfig config,
                             DispatcherMetrics metrics, MqttConfig mqttConfig, Vertx vertx) {
        this.mqtt = mqtt;
        this.status = status;
        this.dlq = dlq;
        this.config = config;
        this.metrics = metrics;
        this.shareGroup = mqttConfig.shareGroup();
        this.vertx = vertx;
        this.refusals = new RefusalRateLimit(config.refusalSummaryInterval());
        // a summary lands at most this long after its window ended
        this.flushEvery = config.refusalSummaryInterval().compareTo(MAX_FLUSH_DELAY) < 0 ? config.refusalSummaryInterval() : MAX_FLUSH_DELAY;
    }

    void subscribe(@Observes StartupEvent event) {
        mqtt.subscribe(List.of(MqttTopics.shared(shareGroup, MqttTopics.ALL_STATUS),
                MqttTopics.shared(shareGroup, MqttTopics.ALL_ONLINE)), this::onMessage);
        flushTimer = vertx.setPeriodic(flushEvery.toMillis(), id -> refusals.due(Instant.now()).forEach(this::recordRefusal));
    }

    void stop(@Observes ShutdownEvent event) {
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
        }
        refusals.drain().forEach(this::recordRefusal); // best effort, like every StoreMessageRefused
    }

    void onMessage(MqttInbound message) {
        if (message.topic().endsWith("/status")) {
            onStatus(message);
        } else if (message.topic().endsWith("/online")) {
            onOnline(message);
        } else {
            reject(message, RejectReason.NotAStoreTopic, message.topic());
        }
    }

    private void onStatus(MqttInbound message) {
        var decision = StatusValidation.validate(message.topic(), message.payloadText());
        if (decision instanceof StatusDecision.Accept accept) {
            forward(message, accept.storeId(), message.payloadText(), metrics::statusForwarded);
        } else {
            var refused = (StatusDecision.Reject) decision;
            reject(message, refused.reason(), refused.detail());
        }
    }

    private void onOnline(MqttInbound message) {
        var decision = presence.observe(message.topic(), message.payloadText(), message.retained());
        if (decision instanceof OnlineDecision.Changed changed) {
            forward(message, changed.storeId(), EventCodec.encode(changed.event()), metrics::presenceChanged);
        } else if (decision instanceof OnlineDecision.Reject refused) {
            reject(message, refused.reason(), refused.detail());
        } else {
            message.ack().run();
        }
    }

    private void forward(MqttInbound message, String storeId, String json, Runnable count) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(storeId).build();
        untilSent(status.sendMessage(Message.of(json).addMetadata(metadata)), message, count);
    }

    private void reject(MqttInbound message, RejectReason reason, String detail) {
        metrics.statusRejected(reason);
        if (reason == RejectReason.StoreIdMismatch || reason == RejectReason.SubjectMismatch) {
            recordImpersonation(message, reason, detail);
        }
        var headers = new RecordHeaders()
                .add(HEADER_REASON, reason.name().getBytes(StandardCharsets.UTF_8))
                .add(HEADER_DETAIL, String.valueOf(detail).getBytes(StandardCharsets.UTF_8))
                .add(HEADER_TOPIC, message.topic().getBytes(StandardCharsets.UTF_8));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(MqttTopics.storeId(message.topic()).orElse(null))
                .withHeaders(headers)
                .build();
        untilSent(dlq.sendMessage(Message.of(message.payload()).addMetadata(metadata)), message, () -> {
        });
    }

    /**
     * A store speaking for another is a security event: recorded in the ledger (the DLQ keeps the payload), rate-limited
     * per store so a store spamming forgeries cannot flood the ledger. Best effort next to the DLQ record, which is the
     * durable one.
     */
    private void recordImpersonation(MqttInbound message, RejectReason reason, String detail) {
        MqttTopics.storeId(message.topic()).ifPresent(publisher -> refusals.refused(publisher, reason.name(), detail, Instant.now())
                .ifPresentOrElse(this::recordRefusal, metrics::storeRefusalFolded));
    }

    private void recordRefusal(RefusalRateLimit.Record refused) {
        var publisher = refused.storeId();
        var event = new StoreMessageRefused(EventMeta.of("store-dispatcher", publisher), publisher, refused.reason(),
                refused.detail());
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(publisher).build();
        status.sendMessage(Message.of(EventCodec.encode(event)).addMetadata(metadata)).subscribe().with(
                v -> { }, e -> LOG.warnf("could not record the refused message(s) of %s: %s", publisher, e.getMessage()));
    }

    // Kafka down is an outage, not a reason to drop: keep retrying, and the unacked MQTT message stays with the broker meanwhile.
    private void untilSent(Uni<Void> send, MqttInbound message, Runnable onSent) {
        send.onFailure().invoke(e -> LOG.debugf("Kafka send for %s failed, retrying: %s", message.topic(), e.getMessage()))
                .onFailure().retry().withBackOff(config.retryInitialDelay(), config.retryMaxDelay()).indefinitely()
                .subscribe().with(v -> {
                    onSent.run();
                    message.ack().run();
                });
    }
}

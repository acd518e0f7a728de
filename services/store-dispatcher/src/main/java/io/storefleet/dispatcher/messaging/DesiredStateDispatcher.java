package io.storefleet.dispatcher.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.storefleet.dispatcher.domain.DesiredRouting;
import io.storefleet.dispatcher.domain.DesiredWrite;
import io.storefleet.dispatcher.mqtt.MqttConnection;
import io.storefleet.dispatcher.mqtt.MqttUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.Flow;

/**
 * Kafka {@code storefleet.bundle.deployments} → retained MQTT desired state. A record is acked (its offset
 * may commit) only after the broker's PUBACK; while the broker is unreachable the write is retried, never
 * dead-lettered. Only records that can never be delivered (garbage, bad store/bundle name) are nacked to the DLQ.
 * <p>
 * Only the instance that owns a record's partition (Kafka consumer group) publishes it. After a failover the new
 * owner re-reads records whose offsets the dead one had not committed; a record whose event the broker already
 * retains was published by then and is acked without a second publish ({@link DesiredMirror}). A write that is
 * still retrying when its partition moves away is dropped ({@link PartitionOwnership}): the new owner has it.
 */
@ApplicationScoped
public class DesiredStateDispatcher {
    public static final String DEPLOYMENTS_IN = "bundle-deployments";

    private static final byte[] CLEAR = new byte[0];

    private final MqttConnection mqtt;
    private final DispatcherConfig config;
    private final DispatcherMetrics metrics;
    private final DesiredMirror mirror;
    private final PartitionOwnership ownership;
    private final KeySequencer sequencer = new KeySequencer();

    public DesiredStateDispatcher(MqttConnection mqtt, DispatcherConfig config, DispatcherMetrics metrics, DesiredMirror mirror,
                                  @Identifier(PartitionOwnership.NAME) PartitionOwnership ownership) {
        this.mqtt = mqtt;
        this.config = config;
        this.metrics = metrics;
        this.mirror = mirror;
        this.ownership = ownership;
    }

    @Incoming(DEPLOYMENTS_IN)
    public Flow.Subscriber<Message<String>> deployments() {
        return new WindowedSubscriber<>(config.maxPendingDeployments(), this::dispatch);
    }

    CompletionStage<Void> dispatch(Message<String> record) {
        var write = DesiredRouting.route(record.getPayload());
        if (write instanceof DesiredWrite.Publish publish) {
            return retain(record, write, publish.topic(), publish.payload().getBytes(StandardCharsets.UTF_8),
                    metrics::desiredPublished);
        }
        if (write instanceof DesiredWrite.Clear clear) {
            return retain(record, write, clear.topic(), CLEAR, metrics::desiredRemoved);
        }
        var invalid = (DesiredWrite.Invalid) write;
        metrics.deploymentRejected(invalid.reason());
        return record.nack(new UndeliverableDeploymentException(invalid.reason() + ": " + invalid.detail()));
    }

    /** One write per topic at a time, in record order; {@code written} counts it only when it reached the broker. */
    private CompletionStage<Void> retain(Message<String> record, DesiredWrite write, String topic, byte[] payload,
                                         Runnable written) {
        return sequencer.submit(topic, () -> unlessRetained(write, () -> retainedUntilAcked(record, topic, payload)))
                .thenCompose(published -> {
                    if (published) {
                        written.run();
                    }
                    return settle(record);
                });
    }

    /**
     * Acks only a record whose partition is still ours. The Kafka connector's throttled commit strategy gives a
     * revoked partition a fresh offset store when a record fetched before the revocation passes through late, and
     * commits that store's acks on the next revocation: an ack of a handed-over record from here moved the group's
     * offset past it, and the partition's new owner never read it (FailoverIT: one store without its desired state).
     * Left unacked, the record is the new owner's; at worst it is read again and the mirror skips the repeat.
     */
    private CompletionStage<Void> settle(Message<String> record) {
        if (ownership.owns(record)) {
            return record.ack();
        }
        metrics.desiredLeftToNewOwner();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Runs {@code publish} unless the broker already retains this record's event; true when it was written.
     */
    private CompletionStage<Boolean> unlessRetained(DesiredWrite write, Supplier<CompletionStage<Boolean>> publish) {
        return mirror.synced().thenCompose(v -> {
            if (mirror.alreadyRetained(write)) {
                metrics.desiredAlreadyRetained();
                return CompletableFuture.completedFuture(false);
            }
            return publish.get();
        });
    }

    /** Retries while the broker is unavailable and the partition is still ours; false when given up to its new owner. */
    private CompletionStage<Boolean> retainedUntilAcked(Message<String> record, String topic, byte[] payload) {
        return Uni.createFrom().completionStage(() -> {
                    if (!ownership.owns(record)) {
                        return CompletableFuture.<Boolean>failedFuture(new PartitionMovedException());
                    }
                    return mqtt.publish(topic, payload, true).thenApply(v -> true);
                })
                .onFailure(MqttUnavailableException.class).retry()
                .withBackOff(config.retryInitialDelay(), config.retryMaxDelay()).withJitter(0.2)
                .indefinitely()
                .onFailure(PartitionMovedException.class).recoverWithItem(() -> {
                    metrics.desiredHandedOver();
                    return false;
                })
                .subscribeAsCompletionStage();
    }

    /** The record's partition went to another instance while the write waited; that instance re-reads it. */
    private static final class PartitionMovedException extends RuntimeException {
        PartitionMovedException() {
            super("partition moved to another instance", null, false, false);
        }
    }

    int pendingTopics() {
        return sequencer.size();
    }

    /** The record can never become a desired-state message; its message is the DLQ reason. */
    public static final class UndeliverableDeploymentException extends RuntimeException {
        public UndeliverableDeploymentException(String reason) {
            super(reason, null, false, false);
        }
    }
}

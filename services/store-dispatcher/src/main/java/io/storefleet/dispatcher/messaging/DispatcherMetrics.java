package io.storefleet.dispatcher.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.storefleet.dispatcher.domain.RejectReason;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters on /q/metrics, e.g. {@code storefleet_dispatcher_desired_published_total}. */
@ApplicationScoped
public class DispatcherMetrics {
    private final MeterRegistry registry;
    private final Counter desiredPublished;
    private final Counter desiredRemoved;
    private final Counter statusForwarded;
    private final Counter presenceChanged;

    public DispatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.desiredPublished = registry.counter("storefleet.dispatcher.desired.published");
        this.desiredRemoved = registry.counter("storefleet.dispatcher.desired.removed");
        this.statusForwarded = registry.counter("storefleet.dispatcher.status.forwarded");
        this.presenceChanged = registry.counter("storefleet.dispatcher.presence.changed");
    }

    void desiredPublished() {
        desiredPublished.increment();
    }

    void desiredRemoved() {
        desiredRemoved.increment();
    }

    void statusForwarded() {
        statusForwarded.increment();
    }

    /** A redelivered deployment record the broker already retained: acked, not published again. */
    void desiredAlreadyRetained() {
        registry.counter("storefleet.dispatcher.desired.already.retained").increment();
    }

    /** A write abandoned because its partition moved to another instance while the broker was unreachable. */
    void desiredHandedOver() {
        registry.counter("storefleet.dispatcher.desired.handed.over").increment();
    }

    /** A deployment record settled after its partition moved away: not acked, its offset is the new owner's. */
    void desiredLeftToNewOwner() {
        registry.counter("storefleet.dispatcher.desired.left.to.new.owner").increment();
    }

    /** Desired topics known to this instance's mirror of the broker's retained messages. */
    void mirrorSize(java.util.function.Supplier<Number> size) {
        io.micrometer.core.instrument.Gauge.builder("storefleet.dispatcher.desired.mirror.topics", size, s -> s.get().doubleValue())
                .strongReference(true).register(registry);
    }

    void presenceChanged() {
        presenceChanged.increment();
    }

    /** A store message refused to the status DLQ. */
    void statusRejected(RejectReason reason) {
        registry.counter("storefleet.dispatcher.status.rejected", "reason", reason.name()).increment();
    }

    /** A refused store message folded into its store's next StoreMessageRefused summary instead of its own ledger event. */
    void storeRefusalFolded() {
        registry.counter("storefleet.dispatcher.store.refusals.folded").increment();
    }

    /** A deployment record refused to the deployments DLQ. */
    void deploymentRejected(RejectReason reason) {
        registry.counter("storefleet.dispatcher.deployments.rejected", "reason", reason.name()).increment();
    }
}

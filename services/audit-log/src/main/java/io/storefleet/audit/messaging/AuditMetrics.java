package io.storefleet.audit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters on /q/metrics: events recorded and duplicates skipped by type, messages rejected by reason. */
@ApplicationScoped
public class AuditMetrics {
    static final String RECORDED = "storefleet.audit.events.recorded";
    static final String DUPLICATES = "storefleet.audit.events.duplicates";
    static final String REJECTED = "storefleet.audit.events.rejected";
    static final String WRITE_RETRIES = "storefleet.audit.write.retries";

    private final MeterRegistry registry;

    public AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    // one lookup per type, not per event: at ledger ingest rates the registry lookup showed in allocation profiles
    private final java.util.Map<String, io.micrometer.core.instrument.Counter> recorded = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, io.micrometer.core.instrument.Counter> duplicates = new java.util.concurrent.ConcurrentHashMap<>();

    void recorded(String type) {
        recorded.computeIfAbsent(type, t -> registry.counter(RECORDED, "type", t)).increment();
    }

    void duplicate(String type) {
        duplicates.computeIfAbsent(type, t -> registry.counter(DUPLICATES, "type", t)).increment();
    }

    /** A ledger write the database failed and that is being retried (the batch is not dead-lettered). */
    void writeRetry() {
        registry.counter(WRITE_RETRIES).increment();
    }

    /** A store inventory change applied to the view ({@code op}: u = upsert, d = delete). */
    void inventoryChange(String op) {
        registry.counter("storefleet.audit.inventory.changes", "op", op).increment();
    }

    void rejected(String reason) {
        registry.counter(REJECTED, "reason", reason).increment();
    }
}

package io.storefleet.audit.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.audit.domain.InventoryChange;
import io.storefleet.audit.persistence.InventoryWriter;
import io.storefleet.audit.persistence.WriteFailures;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * {@code storefleet.inventory.stores} (inventory-cdc's Debezium stream) into {@code store_inventory}, so the dashboard
 * can filter the fleet by region and labels. Not a ledger event: the ledger records storefleet's own events. A payload
 * that is no change event is nacked (→ {@code storefleet.inventory.stores.dlq}); a database that is away is retried.
 */
@ApplicationScoped
public class InventoryConsumer {
    public static final String INVENTORY_IN = "inventory-stores";
    private static final Logger LOG = Logger.getLogger(InventoryConsumer.class);

    private final InventoryWriter writer;
    private final AuditLogConfig config;
    private final AuditMetrics metrics;

    public InventoryConsumer(InventoryWriter writer, AuditLogConfig config, AuditMetrics metrics) {
        this.writer = writer;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming(INVENTORY_IN)
    public Uni<Void> onChange(Message<String> message) {
        var key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        java.util.Optional<InventoryChange> change;
        try {
            change = InventoryChange.parse(key, message.getPayload());
        } catch (InventoryChange.InvalidChangeException e) {
            metrics.rejected("InvalidInventoryChange");
            return Uni.createFrom().completionStage(() -> message.nack(e));
        }
        if (change.isEmpty()) {
            return Uni.createFrom().completionStage(message::ack);
        }
        return writer.apply(change.get())
                .onFailure(WriteFailures::isTransient).invoke(f -> {
                    metrics.writeRetry();
                    LOG.warnf("store inventory write failed, retrying with backoff: %s", WriteFailures.describe(f));
                })
                .onFailure(WriteFailures::isTransient).retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).indefinitely()
                .invoke(() -> metrics.inventoryChange(change.get().deleted() ? "d" : "u"))
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(f -> Uni.createFrom().completionStage(() -> message.nack(f)));
    }
}

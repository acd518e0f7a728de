package io.storefleet.inventory.health;

import io.storefleet.inventory.cdc.ChangePublisher;
import io.storefleet.inventory.cdc.InventoryStreamer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Debezium task streams and Kafka takes our records. */
@Readiness
@ApplicationScoped
public class InventoryCdcReadinessCheck implements HealthCheck {
    private final InventoryStreamer streamer;
    private final ChangePublisher publisher;

    public InventoryCdcReadinessCheck(InventoryStreamer streamer, ChangePublisher publisher) {
        this.streamer = streamer;
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        var engine = streamer.running();
        var kafka = publisher.kafkaReachable();
        var builder = HealthCheckResponse.named("inventory-cdc").status(engine && kafka)
                .withData("engine", engine ? "running" : "stopped")
                .withData("kafka", kafka ? "ok" : "unreachable")
                .withData("lastChangeLagMs", publisher.lastLagMs());
        if (streamer.lastFailure() != null) {
            builder.withData("lastFailure", streamer.lastFailure());
        }
        return builder.build();
    }
}

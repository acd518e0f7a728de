package io.storefleet.dispatcher.mqtt;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the broker connection is down: nothing can reach the stores then. */
@Readiness
@ApplicationScoped
public class MqttReadinessCheck implements HealthCheck {
    private final MqttConnection connection;

    public MqttReadinessCheck(MqttConnection connection) {
        this.connection = connection;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mqtt")
                .status(connection.isConnected())
                .withData("clientId", connection.clientId())
                .withData("pendingAcks", connection.pendingAcks())
                .build();
    }
}

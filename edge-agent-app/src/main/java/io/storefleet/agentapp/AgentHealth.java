package io.storefleet.agentapp;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Live while the agent runs. Ready too when the broker is away: a store without network keeps serving from its
 * cache, which is the point; the MQTT state is shown, not judged.
 */
public class AgentHealth {

    @ApplicationScoped
    @Liveness
    static class Live implements HealthCheck {
        private final AgentService service;

        Live(AgentService service) {
            this.service = service;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("edge-agent").up()
                    .withData("bundles", service.bundles().size())
                    .withData("restoredFromCache", service.restoredBundles()).build();
        }
    }

    @ApplicationScoped
    @Readiness
    static class Ready implements HealthCheck {
        private final AgentService service;

        Ready(AgentService service) {
            this.service = service;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("mqtt").up().withData("connected", service.mqttConnected()).build();
        }
    }
}

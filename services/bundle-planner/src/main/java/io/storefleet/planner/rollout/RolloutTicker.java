package io.storefleet.planner.rollout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.storefleet.planner.config.PlannerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Advances the running rollouts every {@code storefleet.planner.rollout-tick} on its own thread (JDBC and Kafka acks block). */
@ApplicationScoped
public class RolloutTicker {
    private static final Logger LOG = Logger.getLogger(RolloutTicker.class);
    private final RolloutService rollouts;
    private final PlannerConfig config;
    private ScheduledExecutorService executor;

    public RolloutTicker(RolloutService rollouts, PlannerConfig config) {
        this.rollouts = rollouts;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rollout-ticker"));
        var every = config.rolloutTick().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                rollouts.tick();
            } catch (RuntimeException e) {
                LOG.warnf("rollout tick failed, retried next tick: %s", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}

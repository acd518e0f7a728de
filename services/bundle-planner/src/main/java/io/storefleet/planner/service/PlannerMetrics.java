package io.storefleet.planner.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storefleet.model.PlanningFailed;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** The planner's meters, exposed on {@code /q/metrics}. */
@ApplicationScoped
public class PlannerMetrics {
    private final MeterRegistry registry;
    private final Counter commitsPlanned;
    private final Counter deploymentsEmitted;
    private final Timer planningDuration;

    public PlannerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commitsPlanned = Counter.builder("storefleet.planner.commits.planned")
                .description("Commits whose events were all acknowledged by Kafka").register(registry);
        this.deploymentsEmitted = Counter.builder("storefleet.planner.deployments.emitted")
                .description("BundleDeploymentPlanned events acknowledged by Kafka").register(registry);
        this.planningDuration = Timer.builder("storefleet.planner.planning.duration")
                .description("From receiving a commit to every one of its events being acknowledged").register(registry);
    }

    public void planned(PlannedCommit planned, Duration took) {
        if (planned.abort() == null) {
            commitsPlanned.increment();
        }
        deploymentsEmitted.increment(planned.plan().deployments().size());
        planned.plan().failures().forEach(this::failed);
        planningDuration.record(took);
    }

    private void failed(PlanningFailed failure) {
        Counter.builder("storefleet.planner.planning.failures")
                .description("PlanningFailed events emitted, by reason")
                .tag("reason", failure.reason().name())
                .register(registry)
                .increment();
    }
}

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
    private final Counter renders;
    private final Counter unchanged;
    private final Counter removals;

    public PlannerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commitsPlanned = Counter.builder("storefleet.planner.commits.planned")
                .description("Commits whose events were all acknowledged by Kafka").register(registry);
        this.deploymentsEmitted = Counter.builder("storefleet.planner.deployments.emitted")
                .description("BundleDeploymentPlanned events acknowledged by Kafka").register(registry);
        this.planningDuration = Timer.builder("storefleet.planner.planning.duration")
                .description("From receiving a commit to every one of its events being acknowledged").register(registry);
        this.renders = Counter.builder("storefleet.planner.renders")
                .description("Distinct bundle renderings (stores with identical inputs share one)").register(registry);
        this.unchanged = Counter.builder("storefleet.planner.deployments.unchanged")
                .description("(store, bundle) pairs a commit left on the same deployment id, so nothing was emitted").register(registry);
        this.removals = Counter.builder("storefleet.planner.removals.emitted")
                .description("BundleDeploymentRemoved events acknowledged by Kafka").register(registry);
    }

    /** Planning retried because Git or the inventory database failed (reason = FailureReason). */
    public void retried(String what, String reason) {
        registry.counter("storefleet.planner.retries", "input", what, "reason", reason).increment();
    }

    public void planned(PlannedCommit planned, Duration took) {
        if (planned.abort() == null) {
            commitsPlanned.increment();
        }
        deploymentsEmitted.increment(planned.plan().deployments().size());
        renders.increment(planned.plan().renders());
        unchanged.increment(planned.plan().unchanged());
        removals.increment(planned.plan().removals().size());
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

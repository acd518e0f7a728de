package io.storefleet.planner.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.planner.config.PlannerConfig;
import io.storefleet.planner.service.CommitPlanner;
import io.storefleet.planner.service.PlannedCommit;
import io.storefleet.planner.service.PlannerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * {@code storefleet.git.commits} → plan → {@code storefleet.bundle.deployments} and {@code storefleet.rollout.events}.
 * A commit is acked only after Kafka acknowledged every record it produced, so its offset is committed after the
 * writes; a crash in between replans it and yields the same event ids. A commit that cannot be planned at all
 * (repo or inventory unreadable) is nacked, which dead-letters it to {@code storefleet.git.commits.dlq}.
 */
@ApplicationScoped
public class CommitConsumer {
    public static final String COMMITS_IN = "git-commits";
    public static final String DEPLOYMENTS_OUT = "bundle-deployments";
    public static final String ROLLOUT_OUT = "rollout-events";
    private static final Logger LOG = Logger.getLogger(CommitConsumer.class);

    private final CommitPlanner planner;
    private final PlannerMetrics metrics;
    private final PlannerConfig config;
    private final MutinyEmitter<String> deployments;
    private final MutinyEmitter<String> rolloutEvents;

    public CommitConsumer(CommitPlanner planner, PlannerMetrics metrics, PlannerConfig config,
                          @Channel(DEPLOYMENTS_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> deployments,
                          @Channel(ROLLOUT_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> rolloutEvents) {
        this.planner = planner;
        this.metrics = metrics;
        this.config = config;
        this.deployments = deployments;
        this.rolloutEvents = rolloutEvents;
    }

    @Incoming(COMMITS_IN)
    public Uni<Void> onCommit(Message<String> message) {
        return Uni.createFrom().item(() -> EventCodec.decode(message.getPayload()))
                .chain(event -> event instanceof CommitDetected commit ? plan(commit) : Uni.createFrom().voidItem())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(() -> message.nack(failure)));
    }

    private Uni<Void> plan(CommitDetected commit) {
        long start = System.nanoTime();
        var planned = planner.plan(commit);
        return emit(planned).invoke(() -> {
            if (planned.abort() == null) {
                remember(planned);
            }
            var took = Duration.ofNanos(System.nanoTime() - start);
            metrics.planned(planned, took);
            log(planned, took);
        }).chain(() -> planned.abort() == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(planned.abort()));
    }

    /** Sends every event with at most {@code maxInFlight} unacknowledged, and completes when all are acknowledged. */
    private Uni<Void> emit(PlannedCommit planned) {
        var sends = new ArrayList<Supplier<Uni<Void>>>(planned.plan().events());
        planned.plan().failures().forEach(event -> sends.add(() -> send(rolloutEvents, event)));
        planned.plan().deployments().forEach(event -> sends.add(() -> send(deployments, event)));
        planned.plan().removals().forEach(event -> sends.add(() -> send(deployments, event)));
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(sends)
                .onItem().transformToUni(Supplier::get).merge(config.maxInFlight())
                .collect().last()
                .ifNoItem().after(config.ackTimeout()).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge the " + sends.size() + " records of commit " + planned.commit().sha()
                                + " within " + config.ackTimeout()))
                .replaceWithVoid();
    }

    /** After every event is acknowledged: a failure here nacks the commit, and its replay re-emits the same ids. */
    private void remember(PlannedCommit planned) {
        try {
            planner.remember(planned);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the plan of commit " + planned.commit().sha() + ": " + e.getMessage(), e);
        }
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, FleetEvent event) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build();
        return emitter.sendMessage(Message.of(EventCodec.encode(event)).addMetadata(metadata));
    }

    private static void log(PlannedCommit planned, Duration took) {
        var commit = planned.commit();
        var plan = planned.plan();
        if (planned.abort() != null) {
            LOG.warnf("commit %s@%s not planned, will be dead-lettered: %s", commit.repo(), shortSha(commit.sha()),
                    planned.abort().getMessage());
            return;
        }
        LOG.infof("planned commit %s@%s: %d bundles (%d failed), %d stores, %d renders, %d deployments, %d unchanged, "
                        + "%d removals in %d ms", commit.repo(), shortSha(commit.sha()), plan.bundles(), plan.failures().size(),
                plan.stores(), plan.renders(), plan.deployments().size(), plan.unchanged(), plan.removals().size(), took.toMillis());
        plan.warnings().forEach((bundle, warnings) -> warnings.forEach(warning ->
                LOG.warnf("commit %s@%s bundle %s: %s", commit.repo(), shortSha(commit.sha()), bundle, warning)));
    }

    private static String shortSha(String sha) {
        return sha == null || sha.length() < 8 ? String.valueOf(sha) : sha.substring(0, 8);
    }
}

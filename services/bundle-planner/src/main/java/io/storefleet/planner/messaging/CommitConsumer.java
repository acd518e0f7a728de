package io.storefleet.planner.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FailureReason;
import io.storefleet.model.FleetEvent;
import io.storefleet.planner.config.PlannerConfig;
import io.storefleet.planner.config.PlannerRetryConfig;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.storefleet.planner.git.GitReadException;
import io.storefleet.planner.inventory.InventoryUnavailableException;
import io.storefleet.planner.inventory.StoreChange;
import io.storefleet.planner.rollout.RolloutSender;
import io.storefleet.planner.rollout.RolloutService;
import io.storefleet.planner.service.CommitPlanner;
import io.storefleet.planner.service.StorePlanner;
import io.storefleet.planner.service.PlannedCommit;
import io.storefleet.planner.service.PlanningAbortedException;
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
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * {@code storefleet.git.commits} → plan → {@code storefleet.bundle.deployments} and {@code storefleet.rollout.events}.
 * A commit is acked only after Kafka acknowledged every record it produced, so its offset is committed after the
 * writes; a crash in between replans it and yields the same event ids. A commit that cannot be planned because Git or
 * the inventory database is unreadable is planned again with backoff (the outage is not the commit's fault) for up to
 * {@code retry.give-up-after}; only then, or when it cannot be planned for its own sake, is it nacked, which dead-letters it
 * to {@code storefleet.git.commits.dlq}.
 */
@ApplicationScoped
public class CommitConsumer {
    public static final String COMMITS_IN = "git-commits";
    public static final String DEPLOYMENTS_OUT = "bundle-deployments";
    public static final String ROLLOUT_OUT = "rollout-events";
    public static final String INVENTORY_IN = "inventory-stores";
    private static final Logger LOG = Logger.getLogger(CommitConsumer.class);

    private final CommitPlanner planner;
    private final StorePlanner storePlanner;
    private final PlannerMetrics metrics;
    private final PlannerConfig config;
    private final MutinyEmitter<String> deployments;
    private final MutinyEmitter<String> rolloutEvents;
    private final Semaphore planning = new Semaphore(1);
    private final RolloutService rollouts;
    private final RolloutSender rolloutSender;
    private final PlannerRetryConfig retry;

    public CommitConsumer(CommitPlanner planner, StorePlanner storePlanner, PlannerMetrics metrics, PlannerConfig config,
                          RolloutService rollouts, RolloutSender rolloutSender, PlannerRetryConfig retry,
                          @Channel(DEPLOYMENTS_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> deployments,
                          @Channel(ROLLOUT_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> rolloutEvents) {
        this.planner = planner;
        this.retry = retry;
        this.rollouts = rollouts;
        this.rolloutSender = rolloutSender;
        this.storePlanner = storePlanner;
        this.metrics = metrics;
        this.config = config;
        this.deployments = deployments;
        this.rolloutEvents = rolloutEvents;
    }

    @Incoming(COMMITS_IN)
    public Uni<Void> onCommit(Message<String> message) {
        return Uni.createFrom().item(() -> EventCodec.decode(message.getPayload()))
                .chain(event -> event instanceof CommitDetected commit
                        ? retryWhileUnavailable(() -> exclusive(() -> plan(commit)), "commit")
                        : Uni.createFrom().voidItem())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(() -> message.nack(failure)));
    }

    /**
     * {@code storefleet.inventory.stores} (Debezium, key = store id): plans the changed store against every repo's last
     * planned commit; acked after Kafka acknowledged the events and the new state is recorded. Unreadable → nacked (DLQ).
     */
    @Incoming(INVENTORY_IN)
    public Uni<Void> onStoreChange(Message<String> message) {
        if (message.getPayload() == null) {
            return Uni.createFrom().completionStage(message::ack);
        }
        var key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getKey() == null ? null : m.getKey().toString())
                .orElse(null);
        StoreChange change;
        try {
            change = StoreChange.parse(key, message.getPayload());
        } catch (InventoryUnavailableException e) {
            // not a change event at all: no retry cures that
            return Uni.createFrom().completionStage(() -> message.nack(e));
        }
        return retryWhileUnavailable(() -> exclusive(() -> Uni.createFrom().item(() -> planStore(change))
                .chain(plans -> {
                    var sends = new ArrayList<Supplier<Uni<Void>>>();
                    plans.forEach(p -> {
                        p.plan().failures().forEach(event -> sends.add(() -> send(rolloutEvents, event)));
                        p.plan().deployments().forEach(event -> sends.add(() -> send(deployments, event)));
                        p.plan().removals().forEach(event -> sends.add(() -> send(deployments, event)));
                    });
                    return sendAll(sends, "store change " + key).invoke(() -> {
                        try {
                            storePlanner.remember(plans);
                        } catch (SQLException e) {
                            throw new IllegalStateException("cannot record the plan of store " + key + ": " + e.getMessage(), e);
                        }
                        int deployed = plans.stream().mapToInt(p -> p.plan().deployments().size()).sum();
                        int removed = plans.stream().mapToInt(p -> p.plan().removals().size()).sum();
                        if (deployed + removed > 0) {
                            LOG.infof("inventory change of store %s: %d deployments, %d removals", key, deployed, removed);
                        }
                    });
                })), "store-change")
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(() -> message.nack(failure)));
    }

    /**
     * One plan at a time, from reading the state to recording it: a store change planned against commit N must not be
     * emitted after commit N+1's plan for that store, and both write the same planned state.
     */
    private <T> Uni<T> exclusive(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            planning.acquireUninterruptibly();
            try {
                return work.get().onTermination().invoke(planning::release);
            } catch (RuntimeException e) {
                planning.release();
                throw e;
            }
        });
    }

    private List<StorePlanner.StorePlan> planStore(StoreChange change) {
        try {
            // a store that a running rollout of one of its bundles must place into a wave is held there, not sent now
            return rollouts.join(storePlanner.plan(change));
        } catch (InventoryUnavailableException e) {
            throw new PlanningAbortedException(FailureReason.InventoryUnavailable, e.getMessage(), e);
        } catch (GitReadException e) {
            throw new PlanningAbortedException(FailureReason.GitReadFailed, e.getMessage(), e);
        }
    }

    /**
     * Git or Postgres away (GitReadFailed, InventoryUnavailable) is retried with exponential backoff for up to
     * {@code retry.give-up-after}: each attempt plans afresh and emits the same event ids, so the ledger keeps one
     * PlanningFailed per commit and reason however often it is tried. Any other failure nacks at once.
     */
    private Uni<Void> retryWhileUnavailable(Supplier<Uni<Void>> work, String what) {
        return Uni.createFrom().<Void>deferred(work::get)
                .onFailure(CommitConsumer::unavailable).invoke(failure -> {
                    var reason = ((PlanningAbortedException) failure).reason();
                    metrics.retried(what, reason.name());
                    LOG.warnf("%s not planned (%s), retrying with backoff: %s", what, reason, failure.getMessage());
                })
                .onFailure(CommitConsumer::unavailable).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .expireIn(retry.giveUpAfter().toMillis());
    }

    static boolean unavailable(Throwable failure) {
        return failure instanceof PlanningAbortedException aborted
                && (aborted.reason() == FailureReason.GitReadFailed || aborted.reason() == FailureReason.InventoryUnavailable);
    }

    private Uni<Void> plan(CommitDetected commit) {
        long start = System.nanoTime();
        // bundles with a rollout spec keep their deployments back for the waves (RolloutService releases them)
        var staged = rollouts.stage(planner.plan(commit));
        var planned = staged.planned();
        return emit(planned).chain(() -> rolloutSender.send(staged.events())).invoke(() -> {
            if (planned.abort() == null) {
                // rollouts first: a crash before remember() replans the commit and finds the same rollout rows
                rollouts.save(staged);
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
        return sendAll(sends, "commit " + planned.commit().sha());
    }

    private Uni<Void> sendAll(List<Supplier<Uni<Void>>> sends, String what) {
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(sends)
                .onItem().transformToUni(Supplier::get).merge(config.maxInFlight())
                .collect().last()
                .ifNoItem().after(config.ackTimeout()).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge the " + sends.size() + " records of " + what + " within " + config.ackTimeout()))
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
            LOG.warnf("commit %s@%s not planned: %s", commit.repo(), shortSha(commit.sha()),
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

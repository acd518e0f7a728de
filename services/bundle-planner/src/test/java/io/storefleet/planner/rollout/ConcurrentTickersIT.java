package io.storefleet.planner.rollout;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.model.WaveStarted;
import io.storefleet.planner.messaging.StoreStatusConsumer;
import io.storefleet.planner.persistence.PlannedDeployments;
import io.storefleet.planner.signing.SigningKeys;
import io.storefleet.planner.testing.GitRepoOnDisk;
import io.storefleet.planner.testing.PlannerChannels;
import io.storefleet.planner.testing.PostgresAndDataDir;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several planners ticking one rollout on one Postgres: two more {@link RolloutService} instances (as two more planner
 * processes would have: their own transactions and connections, the same tables) tick on their own threads every
 * few milliseconds next to the application's ticker. {@code SELECT … FOR UPDATE SKIP LOCKED} must make each wave
 * start once and each store get the change exactly once, through canary → 4 waves → complete.
 */
@QuarkusTest
@WithTestResource(PostgresAndDataDir.class)
class ConcurrentTickersIT {
    private static final String FLEET_YAML = """
            namespace: pos
            rolloutStrategy:
              autoPartitionSize: 2
            storefleet:
              canary: 1
            """;

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    RolloutRepository repository;
    @Inject
    RolloutSender sender;
    @Inject
    PreviousDeployments previous;
    @Inject
    PlannedDeployments planned;
    @Inject
    SigningKeys keys;
    @Inject
    RolloutClock clock;

    @Test
    void eachWaveStartsOnceAndEachStoreGetsTheChangeOnceWhateverTheNumberOfTickers() throws Exception {
        var channels = new PlannerChannels(connector);
        var stores = PlannerChannels.freshStores(dataSource, "tk", 9);
        var tickers = Executors.newScheduledThreadPool(2);
        var ticks = new AtomicInteger();
        try (var repo = new GitRepoOnDisk()) {
            for (int i = 0; i < 2; i++) {
                var other = new RolloutService(repository, sender, previous, planned, keys, clock);
                tickers.scheduleWithFixedDelay(() -> {
                    try {
                        other.tick();
                        ticks.incrementAndGet();
                    } catch (RuntimeException e) {
                        // a tick that lost a race fails its step; the next tick retries, as in the ticker
                    }
                }, 0, 5, TimeUnit.MILLISECONDS);
            }
            var commit = repo.commit("pos in waves", Map.of("pos/fleet.yaml", FLEET_YAML,
                    "pos/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pos-settings\n"));
            var delivery = channels.deliver(commit);
            await().atMost(Duration.ofSeconds(20)).until(delivery::acked);
            var rollout = "pos@" + commit.sha().substring(0, 8);
            Function<Void, List<BundleDeploymentPlanned>> sent = v -> PlannerChannels.decoded(channels.deployments,
                    BundleDeploymentPlanned.class).stream().filter(d -> d.commit().equals(commit.sha())).toList();

            // every store released reports Ready, so the waves follow each other as fast as the tickers go
            var reported = ConcurrentHashMap.<String>newKeySet();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (var d : sent.apply(null)) {
                    if (reported.add(d.storeId())) {
                        report(d);
                    }
                }
                return PlannerChannels.decoded(channels.rolloutEvents, RolloutCompleted.class).stream()
                        .anyMatch(c -> c.rolloutId().equals(rollout));
            });
            // the tickers go on a while after the end: nothing more may come out
            int after = ticks.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> ticks.get() >= after + 20);

            var waves = PlannerChannels.decoded(channels.rolloutEvents, WaveStarted.class).stream()
                    .filter(w -> w.rolloutId().equals(rollout)).toList();
            assertThat(waves).extracting(WaveStarted::wave).containsExactly(0, 1, 2, 3, 4);
            assertThat(waves.stream().flatMap(w -> w.stores().stream()).collect(Collectors.toSet())).isEqualTo(Set.copyOf(stores));
            var perStore = sent.apply(null).stream().collect(Collectors.groupingBy(BundleDeploymentPlanned::storeId, Collectors.counting()));
            assertThat(perStore.keySet()).isEqualTo(new HashSet<>(stores));
            assertThat(perStore.values()).as("each store got the change once").containsOnly(1L);
            assertThat(PlannerChannels.decoded(channels.rolloutEvents, RolloutCompleted.class))
                    .filteredOn(c -> c.rolloutId().equals(rollout)).singleElement()
                    .satisfies(c -> assertThat(c.stores()).isEqualTo(9));
            assertThat(ticks.get()).as("the extra tickers did tick").isGreaterThan(40);
        } finally {
            tickers.shutdownNow();
        }
    }

    private void report(BundleDeploymentPlanned d) {
        var status = new StoreStatusReported(new EventMeta(UUID.randomUUID().toString(), Instant.now(), "store-dispatcher", d.storeId(), 1),
                d.storeId(), List.of(new BundleStatus(d.bundle(), BundleState.Ready, d.deploymentId(), d.commit(), "")));
        connector.<String>source(StoreStatusConsumer.STATUS_IN).send(EventCodec.encode(status));
    }
}

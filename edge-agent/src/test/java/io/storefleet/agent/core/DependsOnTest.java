package io.storefleet.agent.core;

import io.storefleet.agent.sim.InMemoryCluster;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.MqttTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static io.storefleet.agent.core.Fixtures.DEPLOYMENT;
import static io.storefleet.agent.core.Fixtures.bytes;
import static io.storefleet.agent.core.Fixtures.planned;
import static org.assertj.core.api.Assertions.assertThat;

/** Fleet's {@code dependsOn}: a bundle is held as WaitApplied until every bundle it names is Ready in this store. */
class DependsOnTest {
    private static final Duration READY_AFTER = Duration.ofMillis(100);

    private final AgentHarness harness = new AgentHarness(READY_AFTER);
    private final String store = harness.store;
    private final ManualScheduler scheduler = harness.scheduler;
    private final InMemoryCluster cluster = harness.cluster;
    private final StoreAgent agent = harness.agent();

    @Test
    void bundleWaitsUntilItsDependencyIsReadyThenApplies() {
        agent.onDesired(MqttTopics.desired(store, "app"), bytes(dependsOn(planned(store, "app", "a1", DEPLOYMENT), "db")));

        assertThat(status("app")).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.WaitApplied, "a1");
        assertThat(status("app").message()).contains("db (not in this store)");
        assertThat(cluster.objects("app")).as("held: nothing applied").isEmpty();

        agent.onDesired(MqttTopics.desired(store, "db"), bytes(planned(store, "db", "d1", CONFIG_MAP)));
        assertThat(status("db").state()).isEqualTo(BundleState.NotReady);
        assertThat(status("app").state()).isEqualTo(BundleState.WaitApplied);
        assertThat(status("app").message()).contains("db (NotReady)");
        assertThat(cluster.objects("app")).isEmpty();

        scheduler.advance(READY_AFTER);

        assertThat(status("db").state()).isEqualTo(BundleState.Ready);
        assertThat(cluster.objects("app")).as("applied once db is Ready").isNotEmpty();
        assertThat(status("app").state()).isEqualTo(BundleState.NotReady);
        scheduler.advance(READY_AFTER);
        assertThat(status("app")).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.Ready, "a1");
    }

    @Test
    void bundleWhoseDependenciesAreReadyAppliesAtOnce() {
        agent.onDesired(MqttTopics.desired(store, "db"), bytes(planned(store, "db", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER);

        agent.onDesired(MqttTopics.desired(store, "app"), bytes(dependsOn(planned(store, "app", "a1", DEPLOYMENT), "db")));

        assertThat(status("app").state()).isEqualTo(BundleState.NotReady);
        assertThat(cluster.objects("app")).isNotEmpty();
    }

    @Test
    void newVersionWaitsWhileTheOldKeepsRunningAndARollbackDropsTheWaitingOne() {
        agent.onDesired(MqttTopics.desired(store, "app"), bytes(planned(store, "app", "a1", DEPLOYMENT)));
        scheduler.advance(READY_AFTER);

        agent.onDesired(MqttTopics.desired(store, "app"), bytes(dependsOn(planned(store, "app", "a2", CONFIG_MAP), "db")));
        assertThat(status("app")).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.WaitApplied, "a2");
        assertThat(cluster.objects("app")).as("a1's objects keep running").hasSize(1)
                .allSatisfy((key, body) -> assertThat(key.kind()).isEqualTo("Deployment"));

        agent.onDesired(MqttTopics.desired(store, "app"), bytes(planned(store, "app", "a1", DEPLOYMENT)));
        assertThat(status("app")).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.Ready, "a1");

        agent.onDesired(MqttTopics.desired(store, "db"), bytes(planned(store, "db", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER);
        assertThat(status("app").deploymentId()).as("the dropped a2 is not applied later").isEqualTo("a1");
        assertThat(cluster.objects("app")).allSatisfy((key, body) -> assertThat(key.kind()).isEqualTo("Deployment"));
    }

    @Test
    void aRefusedNewerMessageDropsTheWaitingOne() {
        agent.onDesired(MqttTopics.desired(store, "app"), bytes(dependsOn(planned(store, "app", "a1", DEPLOYMENT), "db")));
        agent.onDesired(MqttTopics.desired(store, "app"), "{garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(status("app").state()).isEqualTo(BundleState.ErrApplied);

        agent.onDesired(MqttTopics.desired(store, "db"), bytes(planned(store, "db", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER.multipliedBy(3));

        assertThat(cluster.objects("app")).as("a1 was superseded before db was Ready").isEmpty();
        assertThat(status("app").state()).isEqualTo(BundleState.ErrApplied);
    }

    @Test
    void removedWhileWaitingIsNeverApplied() {
        agent.onDesired(MqttTopics.desired(store, "app"), bytes(dependsOn(planned(store, "app", "a1", DEPLOYMENT), "db")));
        agent.onDesired(MqttTopics.desired(store, "app"), new byte[0]);

        agent.onDesired(MqttTopics.desired(store, "db"), bytes(planned(store, "db", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER.multipliedBy(3));

        assertThat(cluster.objects("app")).isEmpty();
        assertThat(harness.lastReport().bundles()).extracting(BundleStatus::bundle).containsExactly("db");
    }

    @Test
    void restartFromCacheHoldsAndReleasesInDependencyOrder(@TempDir Path dir) {
        var cache = new DesiredCache(dir);
        // "app" sorts before "db": the cache replays it first, so it must wait for db again
        cache.put("app", bytes(dependsOn(planned(store, "app", "a1", DEPLOYMENT), "db")));
        cache.put("db", bytes(planned(store, "db", "d1", CONFIG_MAP)));
        agent.useCache(cache);

        assertThat(agent.restoreFromCache()).isEqualTo(2);
        assertThat(status("app").state()).isEqualTo(BundleState.WaitApplied);
        scheduler.advance(READY_AFTER.multipliedBy(2));

        assertThat(status("db").state()).isEqualTo(BundleState.Ready);
        assertThat(status("app").state()).isEqualTo(BundleState.Ready);
    }

    private static BundleDeploymentPlanned dependsOn(BundleDeploymentPlanned d, String... bundles) {
        return new BundleDeploymentPlanned(d.meta(), d.deploymentId(), d.storeId(), d.bundle(), d.repo(), d.commit(),
                d.contentHash(), d.manifestsGz(), new DeploymentOptions("default", null, true, List.of(bundles)), d.wave(), d.signature());
    }

    private BundleStatus status(String bundle) {
        return harness.status(bundle);
    }
}

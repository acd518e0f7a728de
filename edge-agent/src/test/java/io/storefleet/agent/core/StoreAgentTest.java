package io.storefleet.agent.core;

import io.storefleet.agent.sim.InMemoryCluster;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreEvent;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.StoreStatusReported;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static io.storefleet.agent.core.Fixtures.DEPLOYMENT;
import static io.storefleet.agent.core.Fixtures.bytes;
import static io.storefleet.agent.core.Fixtures.planned;
import static org.assertj.core.api.Assertions.assertThat;

class StoreAgentTest {
    private static final Duration READY_AFTER = Duration.ofMillis(100);

    private final AgentHarness harness = new AgentHarness(READY_AFTER);
    private final String store = harness.store;
    private final String topic = MqttTopics.desired(store, "pos");
    private final ManualScheduler scheduler = harness.scheduler;
    private final List<StoreEvent> sent = harness.sent;
    private final InMemoryCluster cluster = harness.cluster;
    private final StoreAgent agent = harness.agent();

    @Test
    void appliedBundleIsNotReadyUntilItsObjectsAreReady() {
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP, DEPLOYMENT)));

        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId, BundleStatus::commit)
                .containsExactly(BundleState.NotReady, "d1", "c0ffeed1");
        assertThat(lastStatus().message()).contains("Deployment pos/pos");

        scheduler.advance(READY_AFTER);

        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.Ready, "d1");
        assertThat(statusReports()).hasSize(2);
        assertThat(statusReports().get(1).storeId()).isEqualTo(store);
    }

    @Test
    void injectedDriftIsReportedModifiedThenCorrected() {
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP, DEPLOYMENT)));
        scheduler.advance(READY_AFTER);

        assertThat(cluster.injectDrift("pos")).isTrue();

        assertThat(lastStatus().state()).isEqualTo(BundleState.Modified);
        assertThat(lastStatus().message()).contains("ConfigMap default/pos-config");
        scheduler.advance(Duration.ofMillis(1));
        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::message).containsExactly(BundleState.Ready, "");
    }

    @Test
    void injectedDriftStaysModifiedWithoutCorrectDrift() {
        var noCorrection = planned(store, "pos", "d1", CONFIG_MAP);
        noCorrection = new io.storefleet.model.BundleDeploymentPlanned(noCorrection.meta(), "d1", store, "pos",
                noCorrection.repo(), noCorrection.commit(), noCorrection.contentHash(), noCorrection.manifestsGz(),
                new io.storefleet.model.DeploymentOptions("default", null, false), null, null);
        agent.onDesired(topic, bytes(noCorrection));
        cluster.injectDrift("pos");

        scheduler.advance(READY_AFTER);

        assertThat(lastStatus().state()).isEqualTo(BundleState.Modified);
        assertThat(cluster.injectDrift("other")).isFalse();
    }

    @Test
    void sameDeploymentTwiceIsAppliedOnce() {
        var event = planned(store, "pos", "d1", CONFIG_MAP);
        agent.onDesired(topic, bytes(event));
        scheduler.advance(READY_AFTER);

        agent.onDesired(topic, bytes(event));
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP)));

        assertThat(cluster.applyCount()).isEqualTo(1);
        assertThat(agent.applyCount()).isEqualTo(1);
        assertThat(lastStatus().state()).isEqualTo(BundleState.Ready);
        assertThat(statusReports()).hasSize(2);
    }

    @Test
    void newDeploymentPrunesObjectsNotInIt() {
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP, DEPLOYMENT)));
        scheduler.advance(READY_AFTER);

        agent.onDesired(topic, bytes(planned(store, "pos", "d2", DEPLOYMENT)));

        assertThat(cluster.objects("pos").keySet())
                .containsExactly(new ObjectKey("apps/v1", "Deployment", "pos", "pos"));
        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.NotReady, "d2");
        scheduler.advance(READY_AFTER);
        assertThat(lastStatus().state()).isEqualTo(BundleState.Ready);
    }

    @Test
    void emptyPayloadRemovesTheBundleAndItsObjects() {
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP)));
        agent.onDesired(MqttTopics.desired(store, "kiosk"), bytes(planned(store, "kiosk", "k1", CONFIG_MAP)));

        agent.onDesired(topic, new byte[0]);

        assertThat(cluster.objects("pos")).isEmpty();
        assertThat(cluster.objects("kiosk")).isNotEmpty();
        assertThat(lastReport().bundles()).extracting(BundleStatus::bundle).containsExactly("kiosk");
        scheduler.advance(READY_AFTER);
        assertThat(agent.bundles()).extracting(BundleStatus::bundle, BundleStatus::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kiosk", BundleState.Ready));
    }

    @Test
    void garbagePayloadFailsTheBundleAndTheNextGoodMessageIsApplied() {
        agent.onDesired(topic, "{\"type\":\"BundleDeploymentPlanned\",".getBytes(StandardCharsets.UTF_8));

        assertThat(lastStatus().state()).isEqualTo(BundleState.ErrApplied);
        assertThat(lastStatus().message()).startsWith("PayloadInvalid: ");

        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER);

        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId, BundleStatus::message)
                .containsExactly(BundleState.Ready, "d1", "");
    }

    @Test
    void garbageAfterAnAppliedDeploymentKeepsItsObjectsAndTheSameDeploymentRestoresIt() {
        var event = planned(store, "pos", "d1", CONFIG_MAP);
        agent.onDesired(topic, bytes(event));
        scheduler.advance(READY_AFTER);

        agent.onDesired(topic, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.ErrApplied, "d1");
        assertThat(cluster.objects("pos")).isNotEmpty();

        agent.onDesired(topic, bytes(event));
        assertThat(lastStatus().state()).isEqualTo(BundleState.Ready);
        assertThat(cluster.applyCount()).isEqualTo(1);
    }

    @Test
    void eventForAnotherStoreIsRejected() {
        agent.onDesired(topic, bytes(planned("other-0001", "pos", "d1", CONFIG_MAP)));

        assertThat(cluster.applyCount()).isZero();
        assertThat(lastStatus().state()).isEqualTo(BundleState.ErrApplied);
        assertThat(lastStatus().message()).isEqualTo("StoreMismatch: event is for store other-0001");
    }

    @Test
    void invalidManifestsFailWithTheDeploymentIdAndReason() {
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", "apiVersion: v1\nkind: ConfigMap\n")));

        assertThat(cluster.applyCount()).isZero();
        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.ErrApplied, "d1");
        assertThat(lastStatus().message()).startsWith("ManifestInvalid: document 1");
    }

    @Test
    void refusedApplyIsErrAppliedAndRetriedWhenTheSameDeploymentArrivesAgain() {
        cluster.failApplies("admission webhook denied");
        var event = planned(store, "pos", "d1", CONFIG_MAP);
        agent.onDesired(topic, bytes(event));

        assertThat(lastStatus().message()).isEqualTo("ApplyFailed: admission webhook denied");

        cluster.failApplies(null);
        agent.onDesired(topic, bytes(event));
        scheduler.advance(READY_AFTER);

        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.Ready, "d1");
    }

    /**
     * A deployment whose apply failed is never reported applied: re-sending what runs restores it (no re-apply),
     * re-sending the failed one applies it again and reports that attempt. Steps: "dN" is sent, "dN!" is sent and
     * its apply fails; each step then lets readiness settle.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # steps            | state      | deployment | attempts | applied in cluster
            d1 d2! d1          | Ready      | d1         | 2        | 1
            d1 d2! d1 d1       | Ready      | d1         | 2        | 1
            d1 d2! d1 d2       | Ready      | d2         | 3        | 2
            d1 d2! d1 d2!      | ErrApplied | d2         | 3        | 1
            d1 d2! d2          | Ready      | d2         | 3        | 2
            d1 d2! d2!         | ErrApplied | d2         | 3        | 1
            d1! d1             | Ready      | d1         | 2        | 1
            """)
    void failedDeploymentIsReportedAppliedOnlyAfterAnApplyOfItSucceeds(String steps, BundleState state,
                                                                        String deploymentId, int attempts, int applied) {
        for (var step : steps.split(" ")) {
            var id = step.replace("!", "");
            cluster.failApplies(step.endsWith("!") ? "admission webhook denied" : null);
            agent.onDesired(topic, bytes(planned(store, "pos", id, CONFIG_MAP)));
            scheduler.advance(READY_AFTER);
        }

        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId, BundleStatus::commit)
                .containsExactly(state, deploymentId, "c0ffee" + deploymentId);
        assertThat(agent.applyCount()).as("applies attempted").isEqualTo(attempts);
        assertThat(cluster.applyCount()).as("applies that succeeded").isEqualTo(applied);
    }

    @Test
    void restoringTheAppliedDeploymentAfterAFailedOneCachesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var cache = new DesiredCache(dir);
        agent.useCache(cache);
        var good = bytes(planned(store, "pos", "d1", CONFIG_MAP));
        agent.onDesired(topic, good);
        scheduler.advance(READY_AFTER);
        cluster.failApplies("admission webhook denied");
        agent.onDesired(topic, bytes(planned(store, "pos", "d2", CONFIG_MAP)));
        cluster.failApplies(null);

        agent.onDesired(topic, good);

        // an offline restart must bring back d1, which is desired and runs, not d2
        assertThat(cache.load()).containsOnlyKeys("pos");
        assertThat(cache.load().get("pos")).isEqualTo(good);
    }

    @Test
    void readinessOfASupersededDeploymentDoesNotMakeTheNewOneReady() {
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER.dividedBy(2));
        agent.onDesired(topic, bytes(planned(store, "pos", "d2", DEPLOYMENT)));

        scheduler.advance(READY_AFTER.dividedBy(2));
        assertThat(lastStatus()).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.NotReady, "d2");

        scheduler.advance(READY_AFTER.dividedBy(2));
        assertThat(lastStatus().state()).isEqualTo(BundleState.Ready);
    }

    @Test
    void asynchronousRuntimeReportsWaitAppliedFirst() {
        var pending = new CompletableFuture<Void>();
        var slow = new SlowRuntime(cluster, pending);
        var slowAgent = new StoreAgent(store, slow, sent::add, scheduler);

        slowAgent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP)));
        assertThat(lastStatus().state()).isEqualTo(BundleState.WaitApplied);

        pending.complete(null);
        assertThat(lastStatus().state()).isEqualTo(BundleState.NotReady);
        scheduler.advance(READY_AFTER);
        assertThat(lastStatus().state()).isEqualTo(BundleState.Ready);
    }

    @Test
    void heartbeatsArePublishedEveryIntervalUntilStopped() {
        agent.startHeartbeats(Duration.ofSeconds(30));

        scheduler.advance(Duration.ofSeconds(95));
        assertThat(sent).filteredOn(StoreHeartbeat.class::isInstance).hasSize(3)
                .allSatisfy(e -> assertThat(((StoreHeartbeat) e).k8sVersion()).isEqualTo(InMemoryCluster.VERSION));

        agent.stop();
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(sent).filteredOn(StoreHeartbeat.class::isInstance).hasSize(3);
    }

    @Test
    void heartbeatCarriesNodeAndAgentResourcesAndTheCacheDisk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        agent.useCache(new DesiredCache(dir));
        var payload = bytes(planned(store, "pos", "d1", CONFIG_MAP));
        agent.onDesired(topic, payload);

        var usage = agent.heartbeat().resources();

        assertThat(usage.cacheDiskUsed()).as("the one cached message").isEqualTo(payload.length);
        assertThat(usage.cacheDiskFree()).isPositive();
        assertThat(usage.nodeMemoryTotal()).isPositive();
        assertThat(usage.nodeMemoryUsed()).isPositive().isLessThanOrEqualTo(usage.nodeMemoryTotal());
        assertThat(usage.agentRss()).as("Linux: VmRSS").isPositive();
        assertThat(usage.nodeCpuLoad()).isBetween(-1.0, 1.0);
        assertThat(usage.agentCpuLoad()).isBetween(-1.0, 1.0);
        var withoutCache = new StoreAgent(store, cluster, sent::add, scheduler).heartbeat().resources();
        assertThat(withoutCache.cacheDiskUsed()).isEqualTo(-1);
        assertThat(withoutCache.cacheDiskFree()).isEqualTo(-1);
    }

    @Test
    void reportStatusRepublishesEvenWithoutChange() {
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", CONFIG_MAP)));

        agent.reportStatus();

        assertThat(statusReports()).hasSize(2);
        assertThat(statusReports().get(1).bundles()).isEqualTo(statusReports().get(0).bundles());
    }

    private List<StoreStatusReported> statusReports() {
        return harness.statusReports();
    }

    private StoreStatusReported lastReport() {
        return harness.lastReport();
    }

    private BundleStatus lastStatus() {
        return harness.status("pos");
    }

    /** A runtime whose applies finish when the test completes {@code pending}, like a real API server. */
    private record SlowRuntime(InMemoryCluster cluster, CompletableFuture<Void> pending) implements ClusterRuntime {
        @Override
        public CompletionStage<Void> apply(String bundle, String deploymentId, List<KubeObject> objects) {
            return pending.thenCompose(v -> cluster.apply(bundle, deploymentId, objects));
        }

        @Override
        public CompletionStage<Void> remove(String bundle) {
            return cluster.remove(bundle);
        }

        @Override
        public Readiness readiness(String bundle) {
            return cluster.readiness(bundle);
        }

        @Override
        public void onReadinessChange(ReadinessListener listener) {
            cluster.onReadinessChange(listener);
        }

        @Override
        public String version() {
            return cluster.version();
        }
    }
}

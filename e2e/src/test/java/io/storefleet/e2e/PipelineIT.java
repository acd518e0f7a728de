package io.storefleet.e2e;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.infra.demo.Convergence;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;
import io.storefleet.model.view.BundleView;
import io.storefleet.model.view.StoreView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on a real stack: Git repo on disk → git-watcher → Kafka → planner (Postgres inventory)
 * → dispatcher → Mosquitto → 10 simulated stores → status back through MQTT and Kafka → audit-log ledger.
 * One stack for the class (starting it costs most of the time); each test builds on the fleet the previous left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    static final int STORES = 10;
    static final Duration CONVERGE = Duration.ofSeconds(90);

    static LocalStack stack;
    static DemoRepo repo;
    static FleetApi api;
    static String prefix;

    static E2eFleet fleet;

    @BeforeAll
    static void startStack() throws Exception {
        fleet = E2eFleet.start("it", STORES);
        stack = fleet.stack();
        repo = fleet.repo();
        api = fleet.api();
        prefix = fleet.prefix();
        stack.startSimulator(STORES, prefix);
    }

    @AfterAll
    static void stopStack() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void pushReachesEveryStoreAndASecondCommitMovesThemAllToTheNewDeployment() throws Exception {
        var first = repo.head();
        awaitConverged(first);
        var firstIds = appliedIds(first);
        assertThat(firstIds).hasSize(1); // same content for every store ⇒ one content-addressed id

        var second = repo.nextRelease("alice");
        api.triggerWebhook();
        awaitConverged(second);
        var secondIds = appliedIds(second);
        assertThat(secondIds).hasSize(1).doesNotContainAnyElementsOf(firstIds);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.eventCount("CommitDetected", first)).isEqualTo(1);
            assertThat(api.eventCount("CommitDetected", second)).isEqualTo(1);
            assertThat(api.eventCount("BundleDeploymentPlanned", null)).isEqualTo(2L * STORES);
            assertThat(api.eventCount("BundleDeploymentPlanned", second)).isEqualTo(STORES);
            // every store reported Ready on the new deployment, and that report is in the ledger
            var readyOnSecond = api.events("StoreStatusReported", null).stream()
                    .filter(e -> e.get("payload").toString().contains(secondIds.iterator().next()))
                    .filter(e -> e.get("payload").toString().contains("Ready"))
                    .map(e -> e.get("storeId")).collect(Collectors.toSet());
            assertThat(readyOnSecond).hasSize(STORES);
        });
    }

    @Test
    @Order(2)
    void brokenYamlBecomesPlanningFailedAndTheOtherBundlesStillRollOut() throws Exception {
        var sha = repo.nextRelease("bob", Map.of("apps/broken/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: broken
                spec: [unclosed
                """));
        api.triggerWebhook();

        awaitConverged(sha);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var failures = api.events("PlanningFailed", sha);
            assertThat(failures).hasSize(1);
            var payload = failures.get(0).get("payload").toString();
            assertThat(payload).contains("YamlInvalid").contains("apps/broken/deployment.yaml");
        });
        assertThat(api.stores()).allSatisfy(s -> assertThat(s.bundles()).extracting(BundleView::bundle)
                .containsExactly(DemoRepo.BUNDLE));
    }

    @Test
    @Order(3)
    void dispatcherKilledMidRolloutResumesAndEveryStoreConverges() throws Exception {
        var sha = repo.nextRelease("carol", java.util.Collections.singletonMap("apps/broken/deployment.yaml", null));
        api.triggerWebhook();
        stack.stopService(Service.STORE_DISPATCHER, true);

        await().atMost(CONVERGE).until(() -> api.eventCount("BundleDeploymentPlanned", sha) == STORES);
        stack.restartService(Service.STORE_DISPATCHER);

        awaitConverged(sha);
        assertThat(api.eventCount("BundleDeploymentPlanned", sha)).isEqualTo(STORES);
        assertThat(api.eventCount("CommitDetected", sha)).isEqualTo(1);
    }

    private static void awaitConverged(String sha) throws Exception {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(Convergence.of(api.stores(), sha, STORES).summary()).isEqualTo(STORES + "/" + STORES + " Ready"));
        assertThat(storeIds()).allMatch(id -> id.startsWith(prefix)).hasSize(STORES);
    }

    private static Set<String> appliedIds(String sha) throws Exception {
        return api.stores().stream().flatMap(s -> s.bundles().stream()).filter(b -> b.convergedOn(sha))
                .map(BundleView::appliedDeploymentId).collect(Collectors.toSet());
    }

    private static Set<String> storeIds() throws Exception {
        return api.stores().stream().map(StoreView::id).collect(Collectors.toSet());
    }
}

package io.storefleet.e2e;

import io.storefleet.cli.bench.LedgerCheck;
import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.infra.demo.Convergence;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.EventCodec;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Production shape on one machine: 3 store-dispatcher and 2 bundle-planner instances in their consumer groups, 60
 * simulated stores. Mid-rollout one dispatcher and the planner that owns the commits partition are killed with
 * SIGKILL and never restarted; the survivors take over their partitions (and the dispatcher's share of the stores'
 * status, through the shared subscription). Every store must converge on the next commit, the ledger must hold every
 * emitted event exactly once, and no store may receive the same deployment twice (counted on the MQTT side by an
 * observer subscribed to every desired topic once the first release has converged, before the rollout of the second).
 */
class FailoverIT {
    static final int STORES = 60;
    static final Duration CONVERGE = Duration.ofSeconds(150);
    static final String PLANNER_COMMITS_CLIENT = "mp.messaging.incoming.git-commits.client.id";

    static E2eFleet fleet;
    static DesiredReceipts receipts;

    @BeforeAll
    static void startScaledOutStack() throws Exception {
        // every dispatcher a clean session: a killed member's persistent session would keep receiving its share of
        // the status subscription, queued for a client that never returns
        fleet = E2eFleet.start("fo", STORES, Map.of(
                Service.STORE_DISPATCHER, Map.of("storefleet.mqtt.instance-id", "1", "storefleet.mqtt.clean-session", "true"),
                Service.BUNDLE_PLANNER, Map.of(PLANNER_COMMITS_CLIENT, "planner-1")));
        var stack = fleet.stack();
        stack.startInstance(Service.STORE_DISPATCHER, 2);
        stack.startInstance(Service.STORE_DISPATCHER, 3);
        stack.startInstance(Service.BUNDLE_PLANNER, 2, Map.of(PLANNER_COMMITS_CLIENT, "planner-2"));
        stack.startSimulator(STORES, fleet.prefix());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (receipts != null) {
            receipts.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void killingADispatcherAndThePlannerMidRolloutLosesAndRepeatsNothing() throws Exception {
        var stack = fleet.stack();
        var api = fleet.api();
        var first = fleet.repo().head();
        awaitConverged(first);
        // counted from here: the first rollout overlaps the extra instances joining their groups (partitions moving
        // under a rollout is a different case from the kill this test is about)
        receipts = DesiredReceipts.observe(stack);

        var second = fleet.repo().nextRelease("erin");
        api.triggerWebhook();
        // mid-rollout: the first store has its deployment, the fleet has not converged
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> receipts.deploymentsOfCommit(second) > 0);
        var commitsOwner = plannerOwningCommits(stack);
        stack.stopInstance(Service.STORE_DISPATCHER, 2, true);
        stack.stopInstance(Service.BUNDLE_PLANNER, commitsOwner, true);
        var converged = Convergence.of(api.stores(), second, STORES);
        System.out.printf("killed store-dispatcher-2 and bundle-planner instance %d with %s on %s%n",
                commitsOwner, converged.summary(), second);

        // the next commit goes to the survivors only
        var killedAt = System.nanoTime();
        var third = fleet.repo().nextRelease("frank");
        api.triggerWebhook();
        awaitConverged(third);
        System.out.printf("all %d stores Ready on the next commit %.1f s after the kill%n", STORES,
                (System.nanoTime() - killedAt) / 1e9);

        assertThat(receipts.deploymentsOfCommit(third)).as("stores that received the third commit's deployment").isEqualTo(STORES);
        assertThat(receipts.repeated()).as("(store topic, deployment id) received more than once").isEmpty();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            var ledger = LedgerCheck.take(stack.kafkaBootstrap(), stack.database());
            assertThat(ledger.missing()).as("emitted events missing from the ledger, e.g. %s", ledger.missingSample()).isZero();
            assertThat(ledger.duplicates()).as("ledger rows with a repeated event id").isZero();
            assertThat(ledger.extra()).as("ledger rows never seen on Kafka").isZero();
            assertThat(ledger.ledgerRows()).isEqualTo(ledger.emitted()).isPositive();
            assertThat(ledger.dlqRecords()).as("records on dead-letter topics").isZero();
        });
        assertThat(api.eventCount("CommitDetected", third)).isEqualTo(1);
        assertThat(api.eventCount("BundleDeploymentPlanned", third)).isEqualTo(STORES);
    }

    /** Instance number (1 or 2) of the planner whose consumer holds the commits topic's partition. */
    private static int plannerOwningCommits(LocalStack stack) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            var group = admin.describeConsumerGroups(java.util.List.of("bundle-planner")).all().get(30, TimeUnit.SECONDS)
                    .get("bundle-planner");
            var owners = group.members().stream()
                    .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(Topics.GIT_COMMITS)))
                    .map(m -> m.clientId()).toList();
            for (int instance = 1; instance <= 2; instance++) {
                var clientId = "planner-" + instance;
                if (owners.stream().anyMatch(id -> id.startsWith(clientId))) {
                    return instance;
                }
            }
            throw new AssertionError("no planner instance holds " + Topics.GIT_COMMITS + "; members: " + group.members());
        }
    }

    private static void awaitConverged(String sha) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Convergence.of(fleet.api().stores(), sha, STORES).summary()).isEqualTo(STORES + "/" + STORES + " Ready"));
    }

    /** Commit of a desired-state payload, for counting. */
    static String commitOf(String payload) {
        return payload.isEmpty() ? "" : ((BundleDeploymentPlanned) EventCodec.decode(payload)).commit();
    }

    static String deploymentOf(String topic, String payload) {
        return topic + " " + (payload.isEmpty() ? "(cleared)" : ((BundleDeploymentPlanned) EventCodec.decode(payload)).deploymentId());
    }

    static boolean isDesired(String topic) {
        return topic.startsWith(MqttTopics.ROOT) && topic.contains("/desired/");
    }
}

package io.storefleet.agent.core;

import io.storefleet.agent.sim.DelayRange;
import io.storefleet.agent.sim.InMemoryCluster;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.StoreEvent;
import io.storefleet.model.StoreStatusReported;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One store for agent-core tests: a random store id, a manual clock, an in-memory cluster whose objects become ready
 * {@code readyAfter} after they are applied, and every event the agent sent, with lookups of its status reports.
 */
final class AgentHarness {
    final String store = Fixtures.randomStoreId();
    final ManualScheduler scheduler = new ManualScheduler();
    final List<StoreEvent> sent = new CopyOnWriteArrayList<>();
    final InMemoryCluster cluster;

    AgentHarness(Duration readyAfter) {
        cluster = new InMemoryCluster(scheduler, new DelayRange(readyAfter, readyAfter), new Random(1));
    }

    /** An agent on this store's cluster that applies unsigned deployments. */
    StoreAgent agent() {
        return agent(null);
    }

    /** An agent on this store's cluster that checks every deployment with {@code verifier} (null: none). */
    StoreAgent agent(DeploymentVerifier verifier) {
        return new StoreAgent(store, cluster, sent::add, scheduler, verifier);
    }

    List<StoreStatusReported> statusReports() {
        return sent.stream().filter(StoreStatusReported.class::isInstance).map(StoreStatusReported.class::cast).toList();
    }

    StoreStatusReported lastReport() {
        var reports = statusReports();
        assertThat(reports).as("status reports of " + store).isNotEmpty();
        return reports.get(reports.size() - 1);
    }

    /** The bundle's status in the last report; fails when that report does not name it. */
    BundleStatus status(String bundle) {
        var report = lastReport();
        return report.bundles().stream().filter(b -> b.bundle().equals(bundle)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + bundle + " in " + report));
    }
}

package io.storefleet.agent.sim;

import io.storefleet.agent.core.Fixtures;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreStatusReported;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static io.storefleet.agent.core.Fixtures.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Five simulated stores against the real Mosquitto on 127.0.0.1:1883. */
class SimulatorIT {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 1883;

    private final List<String> stores =
            SimulatorConfig.numberedIds("t-" + UUID.randomUUID().toString().substring(0, 8) + "-", 5);
    private final List<String> retainedTopics = new ArrayList<>();
    private TestMqttClient fleet;
    private Simulator simulator;

    @BeforeEach
    void startStores() throws Exception {
        fleet = new TestMqttClient(HOST, PORT);
        fleet.subscribe(MqttTopics.ALL_STATUS);
        simulator = Simulator.start(SimulatorConfig.of(HOST, PORT, stores).withReadyDelay(DelayRange.ofMillis(20, 80)));
        stores.forEach(s -> retainedTopics.add(MqttTopics.online(s)));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
        // a store's Last Will can reach the broker after our first clean-up under load: clear until nothing is left
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (var topic : retainedTopics) {
                fleet.publishRetained(topic, new byte[0]);
            }
            return retainedLeft() == 0;
        });
        fleet.close();
    }

    @Test
    void storesApplyRetainedDesiredStateReportReadyAndIgnoreTheSameDeploymentAgain() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.counts().connected() == stores.size());
        var deploymentId = "d-" + UUID.randomUUID();
        for (var store : stores) {
            publishDesired(store, "pos", deploymentId);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> stores.forEach(store ->
                assertThat(reportedStates(store, "pos")).contains(BundleState.Ready + " " + deploymentId)));
        assertThat(simulator.counts().ready()).isEqualTo(stores.size());
        assertOnlineIsRetainedTrue();

        // the same deployment again (a new event id, as after a planner replay), then a marker bundle behind it:
        // once the marker is Ready, the broker has delivered the repeat too, in order
        var markerId = "m-" + UUID.randomUUID();
        for (var store : stores) {
            publishDesired(store, "pos", deploymentId);
            publishDesired(store, "marker", markerId);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> stores.forEach(store ->
                assertThat(simulator.status(store)).extracting(BundleStatus::bundle, BundleStatus::state)
                        .contains(org.assertj.core.groups.Tuple.tuple("marker", BundleState.Ready))));
        stores.forEach(store -> assertThat(simulator.applyCount(store)).as(store).isEqualTo(2));
        assertThat(simulator.counts().bundles()).containsEntry(BundleState.Ready, 2 * stores.size());
    }

    @Test
    void injectedDriftIsReportedModifiedAndCorrected() throws Exception {
        var store = stores.get(1);
        var deploymentId = "d-" + UUID.randomUUID();
        publishDesired(store, "pos", deploymentId);
        await().atMost(Duration.ofSeconds(10)).until(() -> !simulator.status(store).isEmpty()
                && simulator.status(store).get(0).state() == BundleState.Ready);

        assertThat(simulator.injectDrift(store, "pos")).isTrue();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reportedStates(store, "pos"))
                .containsSubsequence(BundleState.Modified + " " + deploymentId, BundleState.Ready + " " + deploymentId));
        assertThat(simulator.applyCount(store)).isEqualTo(1);
    }

    @Test
    void emptyRetainedMessageRemovesTheBundle() throws Exception {
        var store = stores.get(0);
        publishDesired(store, "pos", "d-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(10)).until(() -> !simulator.status(store).isEmpty()
                && simulator.status(store).get(0).state() == BundleState.Ready);

        fleet.publishRetained(MqttTopics.desired(store, "pos"), new byte[0]);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lastReport(store).bundles()).isEmpty());
    }

    private int retainedLeft() throws Exception {
        try (var observer = new TestMqttClient(HOST, PORT)) {
            for (var store : stores) {
                observer.subscribe(MqttTopics.ROOT + store + "/#");
            }
            return (int) observer.received().stream().filter(TestMqttClient.Received::retained).count();
        }
    }

    private void publishDesired(String store, String bundle, String deploymentId) throws Exception {
        var topic = MqttTopics.desired(store, bundle);
        if (!retainedTopics.contains(topic)) {
            retainedTopics.add(topic);
        }
        fleet.publishRetained(topic, Fixtures.bytes(Fixtures.planned(store, bundle, deploymentId, CONFIG_MAP, DEPLOYMENT)));
    }

    private List<StoreStatusReported> reports(String store) {
        return fleet.received().stream().filter(m -> m.topic().equals(MqttTopics.status(store)))
                .map(m -> EventCodec.decode(m.payload()))
                .filter(StoreStatusReported.class::isInstance).map(StoreStatusReported.class::cast).toList();
    }

    private StoreStatusReported lastReport(String store) {
        var reports = reports(store);
        assertThat(reports).as("status reports of " + store).isNotEmpty();
        return reports.get(reports.size() - 1);
    }

    private List<String> reportedStates(String store, String bundle) {
        return reports(store).stream().flatMap(r -> r.bundles().stream()).filter(b -> b.bundle().equals(bundle))
                .map(b -> b.state() + " " + b.deploymentId()).toList();
    }

    private void assertOnlineIsRetainedTrue() throws Exception {
        try (var observer = new TestMqttClient(HOST, PORT)) {
            for (var store : stores) {
                observer.subscribe(MqttTopics.online(store));
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(observer.received())
                    .filteredOn(TestMqttClient.Received::retained)
                    .extracting(TestMqttClient.Received::topic, TestMqttClient.Received::payload)
                    .containsExactlyInAnyOrderElementsOf(stores.stream()
                            .map(s -> org.assertj.core.groups.Tuple.tuple(MqttTopics.online(s), MqttTopics.ONLINE_TRUE))
                            .toList()));
        }
    }
}

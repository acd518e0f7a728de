package io.storefleet.agent.sim;

import io.storefleet.agent.core.Fixtures;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.MqttTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A simulated store with the planner's key pinned, against the real Mosquitto: signed applies, unsigned refused. */
class SignedSimulatorIT {
    private static final java.security.KeyPair PLANNER = BundleSigning.generateKeyPair();
    private final String store = "t-" + UUID.randomUUID().toString().substring(0, 8) + "-0001";
    private final List<String> retained = List.of(MqttTopics.desired(store, "pos"), MqttTopics.desired(store, "web"),
            MqttTopics.online(store));
    private Simulator simulator;

    @AfterEach
    void cleanUp() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            for (var topic : retained) {
                fleet.publishRetained(topic, new byte[0]);
            }
        }
    }

    @Test
    void storeWithAPinnedKeyAppliesSignedAndRefusesUnsignedDeployments() throws Exception {
        simulator = Simulator.start(SimulatorConfig.of("127.0.0.1", 1883, List.of(store))
                .withReadyDelay(DelayRange.ofMillis(5, 10)).withPublicKey(PLANNER.getPublic()));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.isConnected(store));

        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            fleet.publishRetained(MqttTopics.desired(store, "pos"),
                    Fixtures.bytes(Fixtures.signed(PLANNER.getPrivate(), store, "pos", "d1", CONFIG_MAP)));
            fleet.publishRetained(MqttTopics.desired(store, "web"),
                    Fixtures.bytes(Fixtures.planned(store, "web", "w1", CONFIG_MAP)));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(simulator.status(store))
                .extracting(BundleStatus::bundle, BundleStatus::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pos", BundleState.Ready),
                        org.assertj.core.groups.Tuple.tuple("web", BundleState.ErrApplied)));
        assertThat(simulator.status(store).get(1).message()).startsWith("SignatureInvalid: ");
        assertThat(simulator.applyCount(store)).isEqualTo(1);
    }
}

package io.storefleet.agent.sim;

import io.storefleet.agent.core.Fixtures;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.MqttTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
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

    /**
     * docs/OPERATIONS.md's rotation as the simulator runs it, from its real key file: with old + new trusted, a
     * deployment signed by either applies; after the old key is removed (and the simulator restarted, which is when
     * the key file is read) the retained old-signed deployment is refused with SignatureInvalid, the new-signed one
     * still applies.
     */
    @Test
    void signingKeyRotationOldAndNewAcceptedThenOldRefused(@TempDir Path dir) throws Exception {
        var old = BundleSigning.generateKeyPair();
        var next = BundleSigning.generateKeyPair();
        var keyFile = dir.resolve("signing.pub");
        Files.writeString(keyFile, BundleSigning.encode(old.getPublic()) + "\n" + BundleSigning.encode(next.getPublic()) + "\n");
        simulator = Simulator.start(simulatorReading(keyFile));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.isConnected(store));

        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            fleet.publishRetained(MqttTopics.desired(store, "pos"),
                    Fixtures.bytes(Fixtures.signed(old.getPrivate(), store, "pos", "d1", CONFIG_MAP)));
            fleet.publishRetained(MqttTopics.desired(store, "web"),
                    Fixtures.bytes(Fixtures.signed(next.getPrivate(), store, "web", "w1", CONFIG_MAP)));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(simulator.status(store))
                .extracting(BundleStatus::bundle, BundleStatus::state)
                .containsExactly(tuple("pos", BundleState.Ready), tuple("web", BundleState.Ready)));

        simulator.close();
        Files.writeString(keyFile, "# old key retired\n" + BundleSigning.encode(next.getPublic()) + "\n");
        simulator = Simulator.start(simulatorReading(keyFile));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(simulator.status(store))
                .extracting(BundleStatus::bundle, BundleStatus::state)
                .containsExactly(tuple("pos", BundleState.ErrApplied), tuple("web", BundleState.Ready)));
        assertThat(simulator.status(store).get(0).message()).startsWith("SignatureInvalid: ");
        assertThat(simulator.applyCount(store)).isEqualTo(1); // web only: the old-signed pos never reached the cluster
    }

    /** What {@code storefleet demo}/LocalStack start: the simulator main's own argument parsing. */
    private SimulatorConfig simulatorReading(Path keyFile) {
        return SimulatorArgs.parse(new String[]{"--broker", "127.0.0.1:1883", "--stores", "1", "--id-prefix",
                        store.substring(0, store.length() - 4), "--public-key-file", keyFile.toString()})
                .withReadyDelay(DelayRange.ofMillis(5, 10));
    }
}

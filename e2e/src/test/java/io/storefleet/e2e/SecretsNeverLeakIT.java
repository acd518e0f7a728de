package io.storefleet.e2e;

import io.storefleet.infra.Postgres;
import io.storefleet.infra.broker.BrokerSecurity;
import io.storefleet.infra.demo.Convergence;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.EventCodec;
import io.storefleet.model.ManifestCodec;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.SealedSecrets;
import io.storefleet.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Secret sealed to the fleet key rolls out to every store (they reach Ready only by opening it), and its plaintext is
 * nowhere: not in any Kafka record, not in the retained MQTT desired state (manifests unpacked), not in the ledger, not
 * in any log of the stack.
 */
class SecretsNeverLeakIT {
    static final int STORES = 3;
    static E2eFleet fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = E2eFleet.start("sec", STORES);
        fleet.stack().startSimulator(STORES, fleet.prefix());
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void sealedSecretReachesTheStoresAndItsPlaintextAppearsNowhere() throws Exception {
        var stack = fleet.stack();
        var plaintext = "s3cr3t-" + UUID.randomUUID();
        var sealed = SealedSecrets.seal(SealedSecrets.publicKey(Files.readString(stack.secretsPublicKeyFile())), plaintext);
        var sha = fleet.repo().commit("pos-gateway: database password", "alice", Map.of("apps/pos-gateway/db-secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pos-db\n  namespace: pos\nstringData:\n  password: " + sealed + "\n"));
        fleet.api().triggerWebhook();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(Convergence.of(fleet.api().stores(), sha, STORES).summary()).isEqualTo(STORES + "/" + STORES + " Ready"));

        // Kafka: every record of every topic, and the manifests of each deployment unpacked
        var kafka = new StringBuilder();
        var deployments = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "leak-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Stream.concat(Topics.ALL.stream(), Topics.ALL.stream().map(Topics::dlq)).toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    var value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
                    kafka.append(value).append('\n');
                    if (r.topic().equals(Topics.BUNDLE_DEPLOYMENTS) && value.contains(sha)
                            && EventCodec.decode(value) instanceof BundleDeploymentPlanned p) {
                        deployments.add(ManifestCodec.unpack(p.manifestsGz()));
                    }
                }
                return deployments.size() >= STORES;
            });
        }
        assertThat(deployments).allSatisfy(m -> assertThat(m).contains(sealed).doesNotContain(plaintext));
        assertThat(kafka.toString()).doesNotContain(plaintext);

        // MQTT: the retained desired state every store gets, unpacked
        var mqtt = new ArrayList<String>();
        try (var client = SecureMqttClient.connect(stack.mqttServicePort(), "leak-" + UUID.randomUUID(), BrokerSecurity.DISPATCHER_USER,
                stack.mqttDispatcherPassword(), stack.mqttCaFile())) {
            client.subscribe(MqttTopics.ROOT + "+/desired/#");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.received.size() >= STORES);
            for (var m : client.received) {
                var json = m.substring(m.indexOf('=') + 1);
                mqtt.add(json);
                mqtt.add(ManifestCodec.unpack(((BundleDeploymentPlanned) EventCodec.decode(json)).manifestsGz()));
            }
        }
        assertThat(String.join("\n", mqtt)).contains(sealed).doesNotContain(plaintext);

        // the ledger, every row
        try (var c = Postgres.connect(stack.database()); var st = c.createStatement();
             var rs = st.executeQuery("SELECT coalesce(string_agg(payload::text, E'\\n'), '') FROM ledger")) {
            rs.next();
            assertThat(rs.getString(1)).contains(sha).doesNotContain(plaintext);
        }

        // every log the stack wrote
        try (var logs = Files.walk(stack.logDir())) {
            for (var file : logs.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(plaintext);
            }
        }
    }
}

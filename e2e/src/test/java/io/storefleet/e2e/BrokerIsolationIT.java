package io.storefleet.e2e;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.infra.broker.BrokerSecurity;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on the broker that must fail, against the stack's generated Mosquitto (TLS listeners, per-store passwords,
 * ACL) and the real dispatcher: one store's credential cannot read or write another store's topics, the dispatcher
 * records a store speaking for another, a revoked store is cut off, and nothing gets in without TLS and a credential.
 */
class BrokerIsolationIT {
    private static LocalStack stack;
    private static String a;
    private static String b;
    private static Map<String, String> passwords;

    @BeforeAll
    static void start() throws Exception {
        var run = UUID.randomUUID().toString().substring(0, 8);
        stack = LocalStack.create(LocalStack.findHome(), "iso-" + run, "sf_iso_" + run, true).startInfra();
        a = "iso" + run + "-a";
        b = "iso" + run + "-b";
        passwords = stack.enrolStores(List.of(a, b));
        stack.startService(Service.STORE_DISPATCHER, Map.of());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static SecureMqttClient store(String id) throws Exception {
        return SecureMqttClient.connect(stack.mqttPort(), id, id, passwords.get(id), stack.mqttCaFile());
    }

    private static SecureMqttClient dispatcherIdentity() throws Exception {
        return SecureMqttClient.connect(stack.mqttServicePort(), "it-fleet-" + UUID.randomUUID(), BrokerSecurity.DISPATCHER_USER,
                stack.mqttDispatcherPassword(), stack.mqttCaFile());
    }

    @Test
    void storeAReadsNothingOfStoreBAndCannotWriteItsStatus() throws Exception {
        try (var storeA = store(a); var storeB = store(b); var fleet = dispatcherIdentity()) {
            storeB.subscribe(MqttTopics.desiredWildcard(b));
            storeA.subscribe(MqttTopics.desiredWildcard(b)); // Mosquitto 2.0 grants it, then delivers nothing the ACL denies
            storeA.subscribe("storefleet/#");
            fleet.subscribe(MqttTopics.status(b));

            fleet.publish(MqttTopics.desired(b, "pos"), "for-b-only".getBytes(StandardCharsets.UTF_8), true);
            storeA.publish(MqttTopics.status(b), "forged".getBytes(StandardCharsets.UTF_8), false);
            // markers on topics A may use: once they are through, the attacks above were processed before them
            storeA.publish(MqttTopics.status(a), "marker".getBytes(StandardCharsets.UTF_8), false);
            fleet.publish(MqttTopics.desired(a, "pos"), "for-a".getBytes(StandardCharsets.UTF_8), true);

            await().atMost(Duration.ofSeconds(10)).until(() -> storeB.received.contains(MqttTopics.desired(b, "pos") + "=for-b-only"));
            await().atMost(Duration.ofSeconds(10)).until(() -> storeA.received.contains(MqttTopics.desired(a, "pos") + "=for-a"));
            assertThat(storeA.received).allMatch(m -> m.startsWith(MqttTopics.desiredWildcard(a).replace("#", "")), "A sees only its own desired state");
            assertThat(fleet.received).as("B's status topic never carried A's forgery").isEmpty();

            fleet.publish(MqttTopics.desired(a, "pos"), new byte[0], true);
            fleet.publish(MqttTopics.desired(b, "pos"), new byte[0], true);
        }
    }

    @Test
    void storeSpeakingForAnotherOnItsOwnTopicIsRefusedAndRecordedByTheDispatcher() throws Exception {
        // the DLQ keeps the message with the reason; StoreMessageRefused on the status topic goes to the ledger
        try (var consumer = dlqConsumer(); var storeA = store(a)) {
            var forged = new StoreHeartbeat(EventMeta.of("edge-agent", b), b, "evil", "v1", 1);
            storeA.publish(MqttTopics.status(a), EventCodec.encodeBytes(forged), false);

            var seen = new ArrayList<ConsumerRecord<String, String>>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> r.value().contains(forged.meta().id().toString()));
            });
            var record = seen.stream().filter(r -> r.value().contains(forged.meta().id().toString())).findFirst().orElseThrow();
            assertThat(new String(record.headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8)).isEqualTo("StoreIdMismatch");
            assertThat(new String(record.headers().lastHeader("mqtt-topic").value(), StandardCharsets.UTF_8)).isEqualTo(MqttTopics.status(a));
        }
        // and a security event for the ledger, naming the store whose credential sent it
        try (var status = consumer(Topics.STORE_STATUS)) {
            var refused = new ArrayList<io.storefleet.model.StoreMessageRefused>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var r : status.poll(Duration.ofMillis(200))) {
                    if (EventCodec.decode(r.value()) instanceof io.storefleet.model.StoreMessageRefused m && m.storeId().equals(a)) {
                        refused.add(m);
                    }
                }
                return !refused.isEmpty();
            });
            assertThat(refused.get(0).reason()).isEqualTo("StoreIdMismatch");
            assertThat(refused.get(0).detail()).contains(b);
        }
    }

    @Test
    void noEntryWithoutTlsOrWithoutTheRightCredential() throws Exception {
        // plain TCP to the TLS listener
        assertThatThrownBy(() -> SecureMqttClient.connect(stack.mqttPort(), a, a, passwords.get(a), null).close()).isInstanceOf(Exception.class);
        // anonymous, wrong password, another store's password
        assertThatThrownBy(() -> SecureMqttClient.connect(stack.mqttPort(), "anon", null, null, stack.mqttCaFile()).close()).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> SecureMqttClient.connect(stack.mqttPort(), a, a, "guess", stack.mqttCaFile()).close()).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> SecureMqttClient.connect(stack.mqttPort(), a, a, passwords.get(b), stack.mqttCaFile()).close()).isInstanceOf(Exception.class);
        // a store's credential does not open the service listener
        assertThatThrownBy(() -> SecureMqttClient.connect(stack.mqttServicePort(), a, a, passwords.get(a), stack.mqttCaFile()).close()).isInstanceOf(Exception.class);
    }

    @Test
    void revokedStoreIsDisconnectedWithinSecondsAndCannotReconnect() throws Exception {
        var c = "iso-revoked-" + UUID.randomUUID().toString().substring(0, 6);
        var password = stack.enrolStores(List.of(c)).get(c);
        try (var live = connectWhenLive(() -> SecureMqttClient.connect(stack.mqttPort(), c, c, password, stack.mqttCaFile()))) {
            assertThat(live.isConnected()).isTrue();
            var revokedAt = System.nanoTime();
            assertThat(stack.revokeStore(c)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> live.closed);
            System.out.printf("revoked store disconnected after %d ms%n", (System.nanoTime() - revokedAt) / 1_000_000);
        }
        assertThatThrownBy(() -> SecureMqttClient.connect(stack.mqttPort(), c, c, password, stack.mqttCaFile()).close()).isInstanceOf(Exception.class);
    }

    /** Enrolment reloads the broker asynchronously (SIGHUP): retry the first connect until the new credential is live. */
    private static SecureMqttClient connectWhenLive(java.util.concurrent.Callable<SecureMqttClient> connect) {
        var holder = new SecureMqttClient[1];
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> (holder[0] = connect.call()) != null);
        return holder[0];
    }

    private static KafkaConsumer<String, String> dlqConsumer() {
        return consumer(Topics.dlq(Topics.STORE_STATUS));
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "iso-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}

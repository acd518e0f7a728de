package io.storefleet.e2e;

import io.storefleet.agent.enrolment.EnrolmentClient;
import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.model.EventCodec;
import io.storefleet.model.StoreAccessChanged;
import io.storefleet.model.Topics;
import io.storefleet.model.auth.Role;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Store enrolment end to end: `storefleet store enroll` (admin token) makes a one-time token, the agent exchanges it
 * once for its own broker credential and connects over TLS; `storefleet store revoke` cuts the live session within
 * seconds and the credential no longer opens the broker; each step is on the status topic with its actor.
 */
class StoreEnrolmentIT {
    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        var run = UUID.randomUUID().toString().substring(0, 8);
        stack = LocalStack.create(LocalStack.findHome(), "enrol-" + run, "sf_enrol_" + run, true).startInfra();
        stack.startService(Service.STORE_DISPATCHER, Map.of());
    }

    @AfterAll
    static void stop() {
        System.clearProperty(io.storefleet.cli.OperatorCredentials.PROPERTY_TOKEN_FILE);
        if (stack != null) {
            stack.close();
        }
    }

    private static Cli.Run cliAs(Role role, String... args) {
        System.setProperty(io.storefleet.cli.OperatorCredentials.PROPERTY_TOKEN_FILE, stack.operatorTokenFile(role).toString());
        return Cli.run(args);
    }

    @Test
    void enrolledStoreConnectsOnceRevokedItIsCutOff() throws Exception {
        var store = "enr-" + UUID.randomUUID().toString().substring(0, 8);
        var url = stack.httpUrl(Service.STORE_DISPATCHER).toString();

        var issued = cliAs(Role.admin, "store", "enroll", store, "--url", url);
        assertThat(issued.exit()).as(issued.out()).isZero();
        var token = issued.out().lines().filter(l -> l.startsWith("sfe_")).findFirst().orElseThrow();

        var credential = EnrolmentClient.exchange(stack.httpUrl(Service.STORE_DISPATCHER), store, token);
        assertThat(credential.username()).isEqualTo(store);
        assertThat(credential.mqttPort()).isEqualTo(stack.mqttPort());
        var file = stack.runDir().resolve("agent-" + store).resolve("credential.json");
        EnrolmentClient.save(credential, file);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        // the token was for one use
        assertThatThrownBy(() -> EnrolmentClient.exchange(stack.httpUrl(Service.STORE_DISPATCHER), store, token))
                .isInstanceOf(EnrolmentClient.EnrolmentRefused.class);

        var saved = EnrolmentClient.load(file);
        var caFile = EnrolmentClient.caFile(file);
        var live = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                () -> SecureMqttClient.connect(saved.mqttPort(), store, saved.username(), saved.password(), caFile), c -> c != null);
        try (live) {
            var revoked = cliAs(Role.admin, "store", "revoke", store, "--url", url);
            assertThat(revoked.out()).startsWith("revoked: " + store);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.closed);
        }
        assertThatThrownBy(() -> SecureMqttClient.connect(saved.mqttPort(), store, saved.username(), saved.password(), caFile).close())
                .isInstanceOf(Exception.class);

        assertThat(accessChanges(store, 3)).extracting(StoreAccessChanged::change, StoreAccessChanged::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple(StoreAccessChanged.Change.EnrolmentIssued, "local-admin"),
                org.assertj.core.groups.Tuple.tuple(StoreAccessChanged.Change.Enrolled, store),
                org.assertj.core.groups.Tuple.tuple(StoreAccessChanged.Change.Revoked, "local-admin"));
    }

    @Test
    void enrolAndRevokeNeedAnAdminToken() throws Exception {
        var url = stack.httpUrl(Service.STORE_DISPATCHER).toString();
        var asViewer = cliAs(Role.viewer, "store", "enroll", "enr-x", "--url", url);
        assertThat(asViewer.exit()).isEqualTo(1);
        var asOperator = cliAs(Role.operator, "store", "revoke", "enr-x", "--url", url);
        assertThat(asOperator.exit()).isEqualTo(1);
        var anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        stack.httpUrl(Service.STORE_DISPATCHER).resolve("/api/stores/enr-x/enrolment")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        // a made-up token opens nothing either
        assertThatThrownBy(() -> EnrolmentClient.exchange(stack.httpUrl(Service.STORE_DISPATCHER), "enr-x", "sfe_guess"))
                .isInstanceOf(EnrolmentClient.EnrolmentRefused.class);
    }

    private static List<StoreAccessChanged> accessChanges(String store, int expected) {
        var found = new ArrayList<StoreAccessChanged>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "enrol-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.STORE_STATUS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (store.equals(record.key()) && EventCodec.decode(record.value()) instanceof StoreAccessChanged a) {
                        found.add(a);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}

package io.storefleet.agent.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.storefleet.agent.core.DeploymentVerifier;
import io.storefleet.agent.core.Fixtures;
import io.storefleet.agent.core.ManualScheduler;
import io.storefleet.agent.core.StoreAgent;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.MqttTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad input reaches the agent while it serves another bundle on the (mock) cluster: each is refused with its reason. */
@EnableKubernetesMockClient(crud = true)
class StoreAgentOnKubernetesTest {
    private static final java.util.logging.Logger MOCK_LOG = KubernetesRuntimeTest.quiet("io.fabric8.mockwebserver");
    private static final java.security.KeyPair PLANNER = BundleSigning.generateKeyPair();
    private static final String WEB = KubernetesRuntimeTest.CONFIG_MAP.replace("pos-config", "web-config");

    static KubernetesClient client; // one mock per class: each test owns another store, the objects are compatible
    private final String store = Fixtures.randomStoreId();
    private KubernetesRuntime runtime;
    private StoreAgent agent;

    @BeforeEach
    void setUp() {
        runtime = new KubernetesRuntime(client);
        agent = new StoreAgent(store, runtime, e -> { }, new ManualScheduler(), new DeploymentVerifier(PLANNER.getPublic()));
        agent.onDesired(topic("web"), Fixtures.bytes(Fixtures.signed(PLANNER.getPrivate(), store, "web", "w1", WEB)));
        await().atMost(Duration.ofSeconds(30)).until(() -> status("web").state() == BundleState.Ready);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    @Test
    void garbagePayloadIsPayloadInvalid() {
        agent.onDesired(topic("pos"), "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(status("pos").message()).startsWith("PayloadInvalid: ");
        assertServingWeb();
    }

    @Test
    void wrongSignatureIsSignatureInvalidAndNothingIsApplied() {
        var foreign = BundleSigning.generateKeyPair();

        agent.onDesired(topic("pos"), Fixtures.bytes(Fixtures.signed(foreign.getPrivate(), store, "pos", "p1",
                KubernetesRuntimeTest.CONFIG_MAP)));

        assertThat(status("pos").state()).isEqualTo(BundleState.ErrApplied);
        assertThat(status("pos").message()).startsWith("SignatureInvalid: ");
        assertThat(client.configMaps().inNamespace("pos").withName("pos-config").get()).isNull();
        assertServingWeb();
    }

    @Test
    void manifestTheApiRejectsIsApplyFailed() {
        var bogus = """
                apiVersion: nonexistent.example/v1
                kind: Bogus
                metadata:
                  name: x
                """;

        agent.onDesired(topic("pos"), Fixtures.bytes(Fixtures.signed(PLANNER.getPrivate(), store, "pos", "p1", bogus)));

        await().atMost(Duration.ofSeconds(10)).until(() -> status("pos").state() == BundleState.ErrApplied);
        assertThat(status("pos").message()).startsWith("ApplyFailed: ");
        assertServingWeb();
    }

    private void assertServingWeb() {
        assertThat(status("web")).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.Ready, "w1");
        assertThat(client.configMaps().inNamespace("pos").withName("web-config").get()).isNotNull();
    }

    private String topic(String bundle) {
        return MqttTopics.desired(store, bundle);
    }

    private BundleStatus status(String bundle) {
        return agent.bundles().stream().filter(b -> b.bundle().equals(bundle)).findFirst()
                .orElse(new BundleStatus(bundle, BundleState.Pending, null, null, ""));
    }
}

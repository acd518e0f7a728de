package io.storefleet.agentapp;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.ContentHash;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.ManifestCodec;
import io.storefleet.model.MqttTopics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@WithTestResource(MockClusterResource.class)
class AgentAppTest {
    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: pos-config
              namespace: pos
            data:
              currency: EUR
            """;

    private final AgentService service;

    AgentAppTest(AgentService service) {
        this.service = service;
    }

    @Test
    void signedDeploymentFromTheBrokerLandsInTheClusterAndHealthAndMetricsShowIt() throws Exception {
        var config = ConfigProvider.getConfig();
        var store = config.getValue("storefleet.agent.store-id", String.class);
        var key = BundleSigning.privateKey(Files.readString(Path.of(config.getValue("test.signing-key-file", String.class))));
        var event = BundleSigning.sign(new BundleDeploymentPlanned(EventMeta.of("bundle-planner", store), "d1", store,
                "pos", "retail-apps", "c0ffee", ContentHash.sha256(CONFIG_MAP), ManifestCodec.pack(CONFIG_MAP),
                DeploymentOptions.DEFAULTS, null, null), key);
        var topic = MqttTopics.desired(store, "pos");
        publishRetained(topic, EventCodec.encodeBytes(event));
        try (var k8s = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(config.getValue("storefleet.agent.kubernetes-master-url", String.class)).build()).build()) {

            await().atMost(Duration.ofSeconds(30)).until(() -> service.bundles().stream()
                    .anyMatch(b -> b.state() == BundleState.Ready && "d1".equals(b.deploymentId())));
            assertThat(k8s.configMaps().inNamespace("pos").withName("pos-config").get().getData())
                    .containsEntry("currency", "EUR");
            assertThat(service.kubernetesVersion()).isNotBlank();
            given().get("/q/health").then().statusCode(200).body(containsString("\"connected\": true"));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("storefleet_agent_bundles{state=\"Ready\"} 1.0"))
                    .body(containsString("storefleet_agent_mqtt_connected 1.0"));
        } finally {
            publishRetained(topic, new byte[0]);
            publishRetained(MqttTopics.online(store), new byte[0]);
        }
    }

    private static void publishRetained(String topic, byte[] payload) throws Exception {
        var vertx = Vertx.vertx();
        try {
            var client = MqttClient.create(vertx, new MqttClientOptions().setMaxMessageSize(268_435_455));
            client.connect(1883, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, true)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

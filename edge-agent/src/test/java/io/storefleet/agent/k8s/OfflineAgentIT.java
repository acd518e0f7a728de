package io.storefleet.agent.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.storefleet.agent.core.DeploymentVerifier;
import io.storefleet.agent.core.DesiredCache;
import io.storefleet.agent.core.Fixtures;
import io.storefleet.agent.core.StoreAgent;
import io.storefleet.agent.mqtt.MqttSettings;
import io.storefleet.agent.mqtt.MqttStoreConnection;
import io.storefleet.agent.sim.TestMqttClient;
import io.storefleet.agent.sim.VertxScheduler;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.MqttTopics;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Offline operation against real Mosquitto: the broker is "down" (a TCP proxy in front of it is closed) while the
 * agent restarts; it re-applies from its disk cache, corrects drift made meanwhile, and converges to the deployment
 * published while it was down once the broker is reachable again.
 */
@EnableKubernetesMockClient(crud = true)
class OfflineAgentIT {
    private static final java.util.logging.Logger MOCK_LOG = KubernetesRuntimeTest.quiet("io.fabric8.mockwebserver");
    private static final java.util.logging.Logger MQTT_LOG = KubernetesRuntimeTest.quiet("io.vertx.mqtt.impl");
    private static final java.security.KeyPair PLANNER = BundleSigning.generateKeyPair();

    KubernetesClient client;
    @TempDir
    Path cacheDir;
    private final Vertx vertx = Vertx.vertx();
    private final String store = Fixtures.randomStoreId();
    private final String topic = MqttTopics.desired(store, "pos");
    private NetServer proxy;

    @AfterEach
    void tearDown() throws Exception {
        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            fleet.publishRetained(topic, new byte[0]);
            fleet.publishRetained(MqttTopics.online(store), new byte[0]);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void restartWithoutBrokerKeepsServingFromCacheAndConvergesOnReconnect() throws Exception {
        // first life: d1 arrives, is applied and cached
        var started = System.nanoTime();
        var firstRuntime = new KubernetesRuntime(client);
        var first = agent(firstRuntime);
        first.onDesired(topic, Fixtures.bytes(Fixtures.signed(PLANNER.getPrivate(), store, "pos", "d1", KubernetesRuntimeTest.CONFIG_MAP)));
        // the first informer and client start in this JVM can take seconds on a loaded 2-core machine
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(first.bundles()).extracting(BundleStatus::state).containsExactly(BundleState.Ready));
        System.out.printf("first apply Ready after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        first.stop();
        firstRuntime.close();

        // while the agent is down: someone edits the cluster, and the fleet publishes d2 (retained)
        client.configMaps().inNamespace("pos").withName("pos-config").edit(c -> {
            c.getData().put("currency", "XXX");
            return c;
        });
        try (var fleet = new TestMqttClient("127.0.0.1", 1883)) {
            fleet.publishRetained(topic, Fixtures.bytes(Fixtures.signed(PLANNER.getPrivate(), store, "pos", "d2", KubernetesRuntimeTest.CONFIG_MAP.replace("EUR", "CHF"))));
        }

        // second life, broker unreachable: the cache brings d1 back and the drift is corrected
        var proxyPort = freePort();
        var runtime = new KubernetesRuntime(client);
        var agent = agent(runtime);
        assertThat(agent.restoreFromCache()).isEqualTo(1);
        var connection = new MqttStoreConnection(vertx, new MqttSettings("127.0.0.1", proxyPort, 30,
                Duration.ofMillis(50), Duration.ofMillis(300)), store, agent::onDesired, agent::reportStatus);
        sinkHolder[0] = connection;
        assertThat(connection.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> currency().equals("EUR") && state(agent).state() == BundleState.Ready);
        assertThat(state(agent).deploymentId()).isEqualTo("d1");

        // broker back: the retained d2 is applied
        proxy = startProxy(proxyPort);
        await().atMost(Duration.ofSeconds(10)).until(connection::isConnected);
        await().atMost(Duration.ofSeconds(5)).until(() -> "d2".equals(state(agent).deploymentId())
                && state(agent).state() == BundleState.Ready);
        assertThat(currency()).isEqualTo("CHF");
        assertThat(new DesiredCache(cacheDir).load().get("pos")).asString().contains("\"deploymentId\":\"d2\"");
        connection.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        runtime.close();
    }

    private final MqttStoreConnection[] sinkHolder = new MqttStoreConnection[1];

    private StoreAgent agent(KubernetesRuntime runtime) {
        var agent = new StoreAgent(store, runtime, event -> {
            if (sinkHolder[0] != null) {
                sinkHolder[0].publish(event);
            }
        }, new VertxScheduler(vertx), new DeploymentVerifier(PLANNER.getPublic()));
        agent.useCache(new DesiredCache(cacheDir));
        return agent;
    }

    private String currency() {
        var cm = client.configMaps().inNamespace("pos").withName("pos-config").get();
        return cm == null ? "" : cm.getData().get("currency");
    }

    private static BundleStatus state(StoreAgent agent) {
        return agent.bundles().stream().filter(b -> b.bundle().equals("pos")).findFirst()
                .orElse(new BundleStatus("pos", BundleState.WaitApplied, null, null, ""));
    }

    /** A plain TCP relay to Mosquitto; closing it is the broker going away for this store. */
    private NetServer startProxy(int port) throws Exception {
        var broker = vertx.createNetClient();
        return vertx.createNetServer().connectHandler(in -> {
            in.pause();
            broker.connect(1883, "127.0.0.1").onSuccess(out -> {
                pipe(in, out);
                pipe(out, in);
                in.resume();
            }).onFailure(e -> in.close());
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void pipe(NetSocket from, NetSocket to) {
        from.handler(to::write);
        from.closeHandler(v -> to.close());
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

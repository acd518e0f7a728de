package io.storefleet.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.storefleet.agent.core.DeploymentVerifier;
import io.storefleet.agent.core.Scheduler;
import io.storefleet.agent.core.StoreAgent;
import io.storefleet.agent.k8s.KubernetesRuntime;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.MqttTopics;
import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.DeploymentPlanner;
import io.storefleet.planner.domain.PlannedState;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.domain.Toolchain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * fleet.yaml's {@code dependsOn} and {@code diff.comparePatches} from the planner's rendering and signing to the agent
 * on fabric8's CRUD mock (the stated stand-in for K3s): the dependent bundle waits for its dependency to be Ready,
 * and a field comparePatches lists is neither drift nor reverted while other fields still are.
 */
@EnableKubernetesMockClient(crud = true)
class FleetYamlToAgentTest {
    private static final java.security.KeyPair PLANNER = BundleSigning.generateKeyPair();
    private static final Scheduler NO_TIMERS = (delay, task) -> () -> { };

    KubernetesClient client;
    private final String store = "s-" + UUID.randomUUID().toString().substring(0, 8);
    private final String ns = "shop-" + store;
    private KubernetesRuntime runtime;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void dependentWaitsForItsDependencyAndComparePatchesFieldsAreNotDrift() {
        var files = new TreeMap<String, byte[]>();
        put(files, "app/fleet.yaml", """
                namespace: %s
                dependsOn:
                  - name: db
                diff:
                  comparePatches:
                    - apiVersion: v1
                      kind: ConfigMap
                      name: app-config
                      jsonPointers: [/data/tuned]
                """.formatted(ns));
        put(files, "app/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  tuned: \"1\"\n  fixed: a\n");
        put(files, "db/fleet.yaml", "namespace: " + ns + "\n");
        put(files, "db/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db-config\ndata:\n  url: db:5432\n");
        var deployments = plan(files);
        runtime = new KubernetesRuntime(client);
        var agent = new StoreAgent(store, runtime, e -> { }, NO_TIMERS, new DeploymentVerifier(PLANNER.getPublic()));

        agent.onDesired(MqttTopics.desired(store, "app"), EventCodec.encodeBytes(deployments.get("app")));

        assertThat(status(agent, "app").state()).isEqualTo(BundleState.WaitApplied);
        assertThat(status(agent, "app").message()).contains("db (not in this store)");
        assertThat(configMap("app-config")).as("held back, nothing applied").isNull();

        agent.onDesired(MqttTopics.desired(store, "db"), EventCodec.encodeBytes(deployments.get("db")));

        await().atMost(Duration.ofSeconds(30)).until(() -> status(agent, "db").state() == BundleState.Ready
                && status(agent, "app").state() == BundleState.Ready);
        assertThat(configMap("app-config").getMetadata().getAnnotations())
                .containsEntry("storefleet.io/ignore-drift", "/data/tuned");

        edit("app-config", "tuned", "9"); // listed in comparePatches: someone tunes it in the store
        edit("app-config", "fixed", "b"); // not listed: drift
        await().atMost(Duration.ofSeconds(10)).until(() -> "a".equals(configMap("app-config").getData().get("fixed")));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(agent, "app").state() == BundleState.Ready);
        assertThat(configMap("app-config").getData()).containsEntry("tuned", "9");
    }

    private Map<String, BundleDeploymentPlanned> plan(Map<String, byte[]> files) {
        var stores = List.of(new TargetStore(store, "east", "UTC", "express", Map.of()));
        var renderer = new BundleRenderer(Toolchain.NONE);
        var results = BundleDiscovery.discover("shop", files.keySet()).stream()
                .map(bundle -> renderer.plan(bundle, files, stores, ClusterGroups.NONE)).toList();
        assertThat(results).allMatch(RenderResult.Targeted.class::isInstance);
        var plan = DeploymentPlanner.plan("shop", "c0ffee", "c0ffee", List.of(store), results, PlannedState.NONE,
                PLANNER.getPrivate(), Instant.now());
        var byBundle = new TreeMap<String, BundleDeploymentPlanned>();
        plan.deployments().forEach(d -> byBundle.put(d.bundle(), d));
        assertThat(byBundle.get("app").options().dependsOn()).containsExactly("db");
        return byBundle;
    }

    private static void put(Map<String, byte[]> files, String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private ConfigMap configMap(String name) {
        return client.configMaps().inNamespace(ns).withName(name).get();
    }

    private void edit(String name, String key, String value) {
        client.configMaps().inNamespace(ns).withName(name).edit(c -> {
            c.getData().put(key, value);
            return c;
        });
    }

    private static BundleStatus status(StoreAgent agent, String bundle) {
        return agent.bundles().stream().filter(b -> b.bundle().equals(bundle)).findFirst()
                .orElse(new BundleStatus(bundle, BundleState.Pending, null, null, ""));
    }
}

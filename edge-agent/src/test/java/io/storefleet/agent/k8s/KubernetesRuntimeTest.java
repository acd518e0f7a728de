package io.storefleet.agent.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.storefleet.agent.core.KubeObject;
import io.storefleet.agent.core.ManifestParser;
import io.storefleet.agent.core.Readiness;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.ManifestCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Against fabric8's kubernetes-server-mock in CRUD mode, the stated stand-in for K3s (no controllers, no SSA). */
@EnableKubernetesMockClient(crud = true)
class KubernetesRuntimeTest {
    static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: pos-config
              namespace: pos
            data:
              currency: EUR
            """;
    static final String DEPLOYMENT = io.storefleet.agent.core.Fixtures.DEPLOYMENT;
    /** The bound for reporting drift. */
    private static final Duration DRIFT_WITHIN = Duration.ofSeconds(2);
    /** Reverting and re-checking after the report (cold JVM on a loaded 2-core box: ~1.2 s measured). */
    private static final Duration CORRECTED_WITHIN = Duration.ofSeconds(5);

    // the mock web server logs every request at INFO (strong reference keeps the level)
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    static KubernetesClient client; // one mock per class; each test works in a namespace of its own
    private final String ns = "pos-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private KubernetesRuntime runtime;
    private final List<Readiness> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        runtime = new KubernetesRuntime(client);
        runtime.onReadinessChange((bundle, deploymentId, readiness) -> heard.add(readiness));
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    @Test
    void appliedObjectsExistWithOwnershipInTheirCreatedNamespace() throws Exception {
        apply("pos", "d1", CONFIG_MAP, DEPLOYMENT);

        var cm = configMap();
        assertThat(cm.getData()).containsEntry("currency", "EUR");
        assertThat(cm.getMetadata().getLabels()).containsEntry(KubernetesRuntime.MANAGED_BY, "storefleet")
                .containsEntry(KubernetesRuntime.BUNDLE, "pos");
        assertThat(cm.getMetadata().getAnnotations()).containsEntry(KubernetesRuntime.DEPLOYMENT_ID, "d1")
                .containsKey(KubernetesRuntime.LAST_APPLIED);
        assertThat(deployment().getMetadata().getLabels()).containsEntry(KubernetesRuntime.BUNDLE, "pos");
        assertThat(client.namespaces().withName(ns).get()).isNotNull();
    }

    @Test
    void newDeploymentWithoutAnObjectPrunesIt() throws Exception {
        apply("pos", "d1", CONFIG_MAP, DEPLOYMENT);

        apply("pos", "d2", DEPLOYMENT);

        assertThat(configMap()).isNull();
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry(KubernetesRuntime.DEPLOYMENT_ID, "d2");
    }

    @Test
    void afterARestartWithoutMemoryObjectsOfTheBundleAreStillPruned() throws Exception {
        var second = CONFIG_MAP.replace("pos-config", "pos-extra");
        apply("pos", "d1", CONFIG_MAP, second);
        runtime.close();
        runtime = new KubernetesRuntime(client);

        apply("pos", "d2", CONFIG_MAP);

        assertThat(client.configMaps().inNamespace(ns).withName("pos-extra").get()).isNull();
        assertThat(configMap().getMetadata().getAnnotations()).containsEntry(KubernetesRuntime.DEPLOYMENT_ID, "d2");
    }

    @Test
    void foreignObjectOfTheSameNameIsNeitherAdoptedNorTouched() throws Exception {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(ns).endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("pos-config")
                .endMetadata().addToData("currency", "USD").build()).create();
        var other = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("someone-elses").endMetadata().addToData("k", "v").build()).create();

        assertThatThrownBy(() -> apply("pos", "d1", CONFIG_MAP))
                .hasRootCauseInstanceOf(KubernetesRuntime.ForeignObjectException.class)
                .rootCause().hasMessageContaining("refusing to adopt ConfigMap " + ns + "/pos-config");

        assertThat(configMap().getData()).containsEntry("currency", "USD");
        assertThat(configMap().getMetadata().getLabels()).isNullOrEmpty();
        apply("pos", "d2", DEPLOYMENT); // a prune of the failed deployment must not delete the foreign objects either
        assertThat(configMap().getData()).containsEntry("currency", "USD");
        assertThat(client.configMaps().inNamespace(ns).withName("someone-elses").get().getData())
                .isEqualTo(other.getData());
    }

    @Test
    void replicasEditedByHandAreReportedModifiedAndReverted() throws Exception {
        apply("pos", "d1", DEPLOYMENT);

        var edited = System.nanoTime();
        client.apps().deployments().inNamespace(ns).withName("pos").edit(d -> {
            d.getSpec().setReplicas(3);
            return d;
        });

        await().atMost(DRIFT_WITHIN).until(() -> heard.stream().anyMatch(Readiness::modified));
        var reported = System.nanoTime();
        assertThat(heard.stream().filter(Readiness::modified).findFirst().orElseThrow().message())
                .contains("Deployment " + ns + "/pos: /spec/replicas: 1 → 3");
        await().atMost(CORRECTED_WITHIN).until(() -> deployment().getSpec().getReplicas() == 1);
        await().atMost(CORRECTED_WITHIN).until(() -> !runtime.readiness("pos").modified());
        System.out.printf("drift: Modified seen after %d ms, reverted and clean after %d ms%n",
                (reported - edited) / 1_000_000, (System.nanoTime() - edited) / 1_000_000);
    }

    @Test
    void deletedConfigMapIsRecreated() throws Exception {
        apply("pos", "d1", CONFIG_MAP);

        client.configMaps().inNamespace(ns).withName("pos-config").delete();

        await().atMost(DRIFT_WITHIN).until(() -> heard.stream().anyMatch(r -> r.modified() && r.message().contains("deleted")));
        await().atMost(CORRECTED_WITHIN).until(() -> configMap() != null && "EUR".equals(configMap().getData().get("currency")));
        await().atMost(CORRECTED_WITHIN).until(() -> runtime.readiness("pos").ready());
    }

    @Test
    void withoutCorrectDriftTheChangeIsReportedButKept() throws Exception {
        applyWith(false, "pos", "d1", CONFIG_MAP);

        client.configMaps().inNamespace(ns).withName("pos-config").edit(c -> {
            c.getData().put("currency", "USD");
            return c;
        });

        await().atMost(DRIFT_WITHIN).until(() -> runtime.readiness("pos").modified());
        assertThat(runtime.readiness("pos").message()).contains("/data/currency: EUR → USD");
        assertThat(configMap().getData()).containsEntry("currency", "USD");
    }

    @Test
    void editOfAComparePatchesIgnoredFieldIsNeitherDriftNorReverted() throws Exception {
        var ignoring = CONFIG_MAP.replace("  namespace: pos\n",
                "  namespace: pos\n  annotations:\n    storefleet.io/ignore-drift: /data/currency\n")
                .replace("currency: EUR", "currency: EUR\n  locale: de-CH");
        apply("pos", "d1", ignoring);
        assertThat(runtime.readiness("pos").ready()).isTrue();

        client.configMaps().inNamespace(ns).withName("pos-config").edit(c -> {
            c.getData().put("currency", "USD");
            c.getData().put("marker", "edited"); // a field we never applied: not drift either
            return c;
        });
        // a second, real drift: once it is reported, the informer has long seen the first edit
        client.configMaps().inNamespace(ns).withName("pos-config").edit(c -> {
            c.getData().put("locale", "fr-CH");
            return c;
        });

        await().atMost(DRIFT_WITHIN).until(() -> heard.stream().anyMatch(Readiness::modified));
        assertThat(heard.stream().filter(Readiness::modified).map(Readiness::message).toList())
                .allSatisfy(m -> assertThat(m).isEqualTo("ConfigMap " + ns + "/pos-config: /data/locale: de-CH → fr-CH"));
        await().atMost(CORRECTED_WITHIN).until(() -> "de-CH".equals(configMap().getData().get("locale")));
        await().atMost(CORRECTED_WITHIN).until(() -> runtime.readiness("pos").ready());
        assertThat(configMap().getData()).containsEntry("currency", "USD").containsEntry("marker", "edited");
    }

    @Test
    void reapplyingKeepsFieldsSetByOthers() throws Exception {
        apply("pos", "d1", CONFIG_MAP);
        client.configMaps().inNamespace(ns).withName("pos-config").edit(c -> {
            c.getMetadata().getAnnotations().put("other-controller/seen", "yes");
            return c;
        });

        apply("pos", "d2", CONFIG_MAP.replace("EUR", "CHF"));

        assertThat(configMap().getData()).containsEntry("currency", "CHF");
        assertThat(configMap().getMetadata().getAnnotations()).containsEntry("other-controller/seen", "yes");
    }

    @Test
    void deploymentBecomesReadyWhenItsSimulatedRolloutCompletes() throws Exception {
        apply("pos", "d1", DEPLOYMENT);
        assertThat(runtime.readiness("pos").ready()).isFalse();
        assertThat(runtime.readiness("pos").message()).contains("Deployment " + ns + "/pos");

        // no controllers in the mock: the test plays the Deployment controller
        var live = deployment();
        live.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withObservedGeneration(live.getMetadata().getGeneration()).withReplicas(1).withUpdatedReplicas(1)
                .withAvailableReplicas(1).withReadyReplicas(1).build());
        client.apps().deployments().inNamespace(ns).resource(live).updateStatus();

        await().atMost(CORRECTED_WITHIN).until(() -> runtime.readiness("pos").ready());
        assertThat(heard).last().isEqualTo(Readiness.READY);
        assertThat(heard).noneMatch(Readiness::modified);
    }

    @Test
    void replicasListedInComparePatchesFollowAnAutoscalerAndTheBundleStaysReady() throws Exception {
        // as the planner renders fleet.yaml's diff.comparePatches [{kind: Deployment, name: pos, jsonPointers: [/spec/replicas]}]
        var scaled = DEPLOYMENT.replace("  namespace: pos\n",
                "  namespace: pos\n  annotations:\n    " + io.storefleet.model.ObjectAnnotations.IGNORE_DRIFT + ": /spec/replicas\n")
                .replace("labels: {app: pos}\n    spec:", "labels: {app: pos, tier: pos}\n    spec:");
        assertThat(scaled).contains("tier: pos");
        apply("pos", "d1", scaled);
        rolloutComplete(1);
        await().atMost(CORRECTED_WITHIN).until(() -> runtime.readiness("pos").ready());

        client.apps().deployments().inNamespace(ns).withName("pos").edit(d -> {
            d.getSpec().setReplicas(3); // what an HPA does
            return d;
        });
        rolloutComplete(3);
        // a real drift after it: once that is reported, the informer has long seen the replicas edit (a scalar field:
        // the CRUD mock merges lists in a JSON merge patch instead of replacing them, so list reverts are not testable here)
        client.apps().deployments().inNamespace(ns).withName("pos").edit(d -> {
            d.getSpec().getTemplate().getMetadata().getLabels().put("tier", "evil");
            return d;
        });

        await().atMost(DRIFT_WITHIN).until(() -> heard.stream().anyMatch(Readiness::modified));
        assertThat(heard.stream().filter(Readiness::modified).map(Readiness::message).toList())
                .allSatisfy(m -> assertThat(m).isEqualTo("Deployment " + ns + "/pos: /spec/template/metadata/labels/tier: pos → evil"));
        await().atMost(CORRECTED_WITHIN).until(() -> "pos".equals(deployment().getSpec().getTemplate().getMetadata().getLabels().get("tier")));
        rolloutComplete(3);
        await().atMost(CORRECTED_WITHIN).until(() -> runtime.readiness("pos").ready());
        assertThat(deployment().getSpec().getReplicas()).as("the listed field is not reverted").isEqualTo(3);
    }

    /** The mock has no controllers: the test plays the Deployment controller for the current generation. */
    private void rolloutComplete(int replicas) {
        var live = deployment();
        live.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withObservedGeneration(live.getMetadata().getGeneration()).withReplicas(replicas).withUpdatedReplicas(replicas)
                .withAvailableReplicas(replicas).withReadyReplicas(replicas).build());
        client.apps().deployments().inNamespace(ns).resource(live).updateStatus();
    }

    @Test
    void manifestTheApiRejectsFailsTheApply() {
        var bogus = """
                apiVersion: nonexistent.example/v1
                kind: Bogus
                metadata:
                  name: x
                  namespace: pos
                """;
        assertThatThrownBy(() -> apply("pos", "d1", bogus)).isInstanceOf(ExecutionException.class);
    }

    private void apply(String bundle, String deploymentId, String... docs) throws Exception {
        applyWith(true, bundle, deploymentId, docs);
    }

    private void applyWith(boolean correctDrift, String bundle, String deploymentId, String... docs) throws Exception {
        var yaml = String.join("---\n", docs).replace("namespace: pos\n", "namespace: " + ns + "\n");
        List<KubeObject> objects = ManifestParser.parse(ManifestCodec.pack(yaml), DeploymentOptions.DEFAULTS);
        runtime.apply(bundle, deploymentId, objects, correctDrift).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static java.util.logging.Logger quiet(String name) {
        var logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(ns).withName("pos-config").get();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(ns).withName("pos").get();
    }
}

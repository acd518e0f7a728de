package io.storefleet.planner.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.domain.YamlDocuments;
import io.storefleet.planner.testing.RepoFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three example bundles under test resources (a real Helm chart, a real kustomize base with overlays, raw YAML with
 * Fleet overlays) rendered with the real Helm (helm-java) and the real kustomize for three stores that each end up
 * with something different, plus a store a group excludes.
 */
class FleetExamplesRenderTest {
    static final TargetStore EAST_HYPER_CANARY = new TargetStore("store-0001", "east", "America/New_York", "hyper",
            Map.of("canary", "true"));
    static final TargetStore WEST = new TargetStore("store-0002", "west", "America/Los_Angeles", "express", Map.of());
    static final TargetStore CENTRAL = new TargetStore("store-0003", "central", "America/Chicago", "express", Map.of("pos", "ncr"));
    static final TargetStore FROZEN_EAST = new TargetStore("store-0099", "east", "America/New_York", "express", Map.of());
    static final List<TargetStore> STORES = List.of(EAST_HYPER_CANARY, WEST, CENTRAL, FROZEN_EAST);

    private static final BundleRenderer RENDERER = new BundleRenderer(new LocalToolchain(null));
    private final Map<String, byte[]> files = RepoFiles.read(RepoFiles.EXAMPLES);

    @Test
    void helmChartGetsPerStoreValuesFirstMatchWinsAndDoNotDeployLeavesAStoreOut() {
        var targeted = plan("pos-helm", files);

        assertThat(targeted.byStore()).containsOnlyKeys("store-0001", "store-0002", "store-0003");
        var canary = objects(targeted, "store-0001");
        assertThat(image(canary)).isEqualTo("registry.example.com/pos-gateway:1.5.0-rc1");
        assertThat(deployment(canary).path("spec").path("replicas").asInt()).as("first match wins: canary, not big-stores").isEqualTo(1);
        assertThat(configMap(canary).path("data").path("storeId").asText()).isEqualTo("store-0001");
        assertThat(configMap(canary).path("data").path("timezone").asText()).isEqualTo("America/New_York");
        assertThat(configMap(canary).path("data").path("flag.receipts").asText()).as("from valuesFiles").isEqualTo("digital");
        assertThat(deployment(canary).path("metadata").path("namespace").asText()).isEqualTo("pos");
        var west = objects(targeted, "store-0002");
        assertThat(image(west)).isEqualTo("registry.example.com/pos-gateway:1.4.0");
        assertThat(configMap(west).path("data").path("storeId").asText()).isEqualTo("store-0002");
        assertThat(targeted.renders()).as("every store's id is templated in, so three distinct renders").isEqualTo(3);
    }

    @Test
    void allMatchesModeMergesEveryMatchingCustomisationInOrder() {
        var changed = RepoFiles.examplesWith(Map.of("pos-helm/fleet.yaml",
                new String(files.get("pos-helm/fleet.yaml"), StandardCharsets.UTF_8) + "targetCustomizationMode: AllMatches\n"));

        var canary = objects(plan("pos-helm", changed), "store-0001");

        assertThat(image(canary)).isEqualTo("registry.example.com/pos-gateway:1.5.0-rc1");
        assertThat(deployment(canary).path("spec").path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void kustomizeDirPerCustomisationGivesEachRegionItsOverlay() {
        var targeted = plan("kiosk-kustomize", files);

        var east = objects(targeted, "store-0001");
        assertThat(image(east)).isEqualTo("registry.example.com/kiosk:2.1.0");
        assertThat(deployment(east).path("spec").path("replicas").asInt()).isEqualTo(2);
        var west = objects(targeted, "store-0002");
        assertThat(image(west)).isEqualTo("registry.example.com/kiosk:2.0.0");
        assertThat(west).anySatisfy(o -> assertThat(o.path("metadata").path("name").asText()).isEqualTo("kiosk-settings"));
        var central = objects(targeted, "store-0003");
        assertThat(central).hasSize(1);
        assertThat(deployment(central).path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(deployment(central).path("metadata").path("namespace").asText()).isEqualTo("kiosk");
        assertThat(targeted.byStore().get("store-0099").deploymentId()).as("same overlay, same deployment")
                .isEqualTo(targeted.byStore().get("store-0001").deploymentId());
        assertThat(targeted.renders()).as("identical inputs render once").isEqualTo(3);
    }

    @Test
    void rawYamlOverlaysReplaceSameNamedFilesAndMergePatches() {
        var targeted = plan("signage-raw", files);

        var large = objects(targeted, "store-0001");
        assertThat(deployment(large).path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(configMap(large).path("data").path("screens").asText()).isEqualTo("8");
        var small = objects(targeted, "store-0002");
        assertThat(deployment(small).path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(configMap(small).path("data").path("screens").asText()).isEqualTo("2");
        assertThat(targeted.renders()).isEqualTo(2);
        assertThat(targeted.warnings()).singleElement().asString().contains("helm.force");
    }

    @Test
    void helmOutputIsPostProcessedByKustomizeWhenBothAreSet() {
        var changed = RepoFiles.examplesWith(Map.of(
                "pos-helm/fleet.yaml", "defaultNamespace: pos\nhelm:\n  chart: ./chart\n  releaseName: pos\nkustomize:\n  dir: post\n",
                "pos-helm/post/kustomization.yaml", "commonLabels:\n  storefleet.io/post: kustomized\n"));

        var rendered = objects(plan("pos-helm", changed), "store-0002");

        assertThat(rendered).hasSize(2).allSatisfy(o ->
                assertThat(o.path("metadata").path("labels").path("storefleet.io/post").asText()).isEqualTo("kustomized"));
    }

    static RenderResult.Targeted plan(String bundleName, Map<String, byte[]> files) {
        var bundle = BundleDiscovery.discover("examples", files.keySet()).stream().filter(b -> b.name().equals(bundleName))
                .findFirst().orElseThrow();
        var result = RENDERER.plan(bundle, files, STORES, ClusterGroups.parse(files.get(ClusterGroups.PATH)));
        assertThat(result).isInstanceOf(RenderResult.Targeted.class);
        return (RenderResult.Targeted) result;
    }

    static List<JsonNode> objects(RenderResult.Targeted targeted, String storeId) {
        try {
            return YamlDocuments.parse(targeted.byStore().get(storeId).manifests().getBytes(StandardCharsets.UTF_8)).stream()
                    .map(YamlDocuments.Document::node).toList();
        } catch (YamlDocuments.SyntaxError e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode deployment(List<JsonNode> objects) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    }

    static JsonNode configMap(List<JsonNode> objects) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
    }

    static String image(List<JsonNode> objects) {
        return deployment(objects).path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    }
}

package io.storefleet.planner.render;

import io.storefleet.model.FailureReason;
import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.testing.RepoFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every bad input fails its bundle with a typed reason, the file, the line where known, and the renderer's message. */
class PlanningFailuresTest {
    private static final BundleRenderer RENDERER = new BundleRenderer(new LocalToolchain(null));
    private static final String CHART = "pos-helm/chart/";

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments("malformed fleet.yaml", "pos-helm", Map.of("pos-helm/fleet.yaml", "helm:\n  chart: ./chart\n   values: x\n"),
                        FailureReason.YamlInvalid, "pos-helm/fleet.yaml", 3, ""),
                arguments("a field neither Fleet nor storefleet knows", "pos-helm",
                        Map.of("pos-helm/fleet.yaml", "defaultNamespace: pos\nhelm:\n  chart: ./chart\n  chrat: x\n"),
                        FailureReason.FleetYamlInvalid, "pos-helm/fleet.yaml", 4, "unknown field 'chrat'"),
                arguments("chart template does not render", "pos-helm",
                        Map.of(CHART + "templates/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.x | nosuchfunc }}\n"),
                        FailureReason.ChartRenderFailed, CHART + "Chart.yaml", null, "nosuchfunc"),
                arguments("chart version is not the one fleet.yaml pins", "pos-helm",
                        Map.of(CHART + "Chart.yaml", "apiVersion: v2\nname: pos-gateway\nversion: 1.3.9\n"),
                        FailureReason.ChartRenderFailed, "pos-helm/fleet.yaml", 5, "has version 1.3.9"),
                arguments("remote chart", "pos-helm", Map.of("pos-helm/fleet.yaml", "helm:\n  repo: https://charts.example.com\n  chart: pos\n"),
                        FailureReason.ChartRenderFailed, "pos-helm/fleet.yaml", 3, "vendor the chart"),
                arguments("missing values file", "pos-helm", removed("pos-helm/values-prod.yaml"),
                        FailureReason.ValuesFileMissing, "pos-helm/fleet.yaml", 7, "values-prod.yaml"),
                arguments("template names a store attribute a store lacks", "pos-helm",
                        Map.of("pos-helm/fleet.yaml", "helm:\n  chart: ./chart\n  values:\n    store:\n      id: ${ .Store.labels.district }\n"),
                        FailureReason.TemplateFailed, "pos-helm/fleet.yaml", 5, "has no attribute 'labels.district'"),
                arguments("kustomization names a missing resource", "kiosk-kustomize",
                        Map.of("kiosk-kustomize/base/kustomization.yaml", "resources:\n  - deployment.yaml\n  - missing.yaml\n"),
                        FailureReason.KustomizeFailed, "kiosk-kustomize/overlays/east/kustomization.yaml", null, "missing.yaml"),
                arguments("kustomize.dir without a kustomization", "kiosk-kustomize",
                        Map.of("kiosk-kustomize/fleet.yaml", "kustomize:\n  dir: nowhere\n"),
                        FailureReason.KustomizeFailed, "kiosk-kustomize/fleet.yaml", 2, "no kustomization.yaml"),
                arguments("unknown cluster group", "kiosk-kustomize",
                        Map.of("kiosk-kustomize/fleet.yaml", "targetCustomizations:\n- name: x\n  clusterGroup: nope\n"),
                        FailureReason.FleetYamlInvalid, "kiosk-kustomize/fleet.yaml", 3, "clusterGroup 'nope'"),
                arguments("overlay folder missing", "signage-raw",
                        Map.of("signage-raw/fleet.yaml", "yaml:\n  overlays: [tiny]\n"),
                        FailureReason.FleetYamlInvalid, "signage-raw/fleet.yaml", 2, "overlays/tiny"));
    }

    static Stream<Arguments> perStoreFailures() {
        var fleetYaml = "defaultNamespace: pos\nhelm:\n  chart: ./chart\n  releaseName: pos-gateway\n  valuesFiles: [values-prod.yaml]\n"
                + "targetCustomizations:\n";
        return Stream.of(
                arguments("a template names a label only this store lacks", Map.of("pos-helm/fleet.yaml", fleetYaml
                                + "- name: pos-vendor\n  clusterName: store-0002\n  helm:\n    values:\n      till: ${ .Store.labels.pos }\n"),
                        "store-0002", FailureReason.TemplateFailed, "pos-helm/fleet.yaml", 11, "labels.pos"),
                arguments("this store's values make the chart fail", Map.of("pos-helm/fleet.yaml", fleetYaml
                                + "- name: broken\n  clusterName: store-0003\n  helm:\n    values:\n      broken: true\n",
                                CHART + "templates/guard.yaml", "{{- if .Values.broken }}{{ fail \"values say broken\" }}{{ end }}\n"),
                        "store-0003", FailureReason.ChartRenderFailed, CHART + "Chart.yaml", null, "values say broken"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("perStoreFailures")
    void inputsOfOneStoreFailOnlyThatStore(String rule, Map<String, String> changes, String store, FailureReason reason,
                                           String file, Integer line, String detail) {
        var files = RepoFiles.examplesWith(new HashMap<>(changes));
        var bundle = BundleDiscovery.discover("examples", files.keySet()).stream().filter(b -> b.name().equals("pos-helm"))
                .findFirst().orElseThrow();

        var result = RENDERER.plan(bundle, files, FleetExamplesRenderTest.STORES, ClusterGroups.parse(files.get(ClusterGroups.PATH)));

        assertThat(result).isInstanceOf(RenderResult.Targeted.class);
        var targeted = (RenderResult.Targeted) result;
        assertThat(targeted.byStore()).doesNotContainKey(store).hasSize(FleetExamplesRenderTest.STORES.size() - 1);
        assertThat(targeted.failures()).containsOnlyKeys(store);
        var failed = targeted.failures().get(store);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.file()).isEqualTo(file);
        assertThat(failed.line()).isEqualTo(line);
        assertThat(failed.detail()).contains(detail);
    }

    private static Map<String, String> removed(String path) {
        var changes = new HashMap<String, String>();
        changes.put(path, null);
        return changes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void badInputFailsTheBundleWithItsReason(String rule, String bundleName, Map<String, String> changes, FailureReason reason,
                                             String file, Integer line, String detail) {
        var files = RepoFiles.examplesWith(new HashMap<>(changes));
        var bundle = BundleDiscovery.discover("examples", files.keySet()).stream().filter(b -> b.name().equals(bundleName))
                .findFirst().orElseThrow();

        var result = RENDERER.plan(bundle, files, FleetExamplesRenderTest.STORES, ClusterGroups.parse(files.get(ClusterGroups.PATH)));

        assertThat(result).isInstanceOf(RenderResult.Failed.class);
        var failed = (RenderResult.Failed) result;
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.file()).isEqualTo(file);
        assertThat(failed.line()).isEqualTo(line);
        assertThat(failed.detail()).contains(detail);
    }
}

package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.model.ContentHash;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.FailureReason;
import io.storefleet.planner.domain.RenderResult.Failed;
import io.storefleet.planner.domain.RenderResult.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class BundleRendererTest {

    static Stream<Arguments> namespaceRules() {
        return Stream.of(
                arguments("raw bundle puts unset namespaces into default", null, "Deployment", null, "default"),
                arguments("raw bundle keeps a set namespace", null, "Deployment", "shop", "shop"),
                arguments("defaultNamespace fills an unset namespace", "defaultNamespace: pos", "Deployment", null, "pos"),
                arguments("defaultNamespace keeps a set namespace", "defaultNamespace: pos", "Deployment", "shop", "shop"),
                arguments("namespace forces a set namespace", "namespace: forced", "Deployment", "shop", "forced"),
                arguments("namespace forces an unset namespace", "namespace: forced\ndefaultNamespace: pos", "ConfigMap", null, "forced"),
                arguments("namespace leaves ClusterRole alone", "namespace: forced", "ClusterRole", null, null),
                arguments("defaultNamespace leaves Namespace alone", "defaultNamespace: pos", "Namespace", null, null),
                arguments("namespace leaves CRDs alone", "namespace: forced", "CustomResourceDefinition", null, null),
                arguments("namespace leaves PersistentVolume alone", "namespace: forced", "PersistentVolume", null, null),
                arguments("unknown custom kinds count as namespaced", "namespace: forced", "PriceTagSync", null, "forced"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namespaceRules")
    void appliesNamespaceRules(String rule, String fleetYaml, String kind, String namespace, String expected) {
        var files = new LinkedHashMap<String, String>();
        if (fleetYaml != null) {
            files.put("app/fleet.yaml", fleetYaml);
        }
        files.put("app/object.yaml", "apiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: thing\n"
                + (namespace == null ? "" : "  namespace: " + namespace + "\n"));

        var rendered = rendered(files);

        var object = YamlDocumentsSupport.only(rendered.manifests());
        if (expected == null) {
            assertThat(object.path("metadata").has("namespace")).isFalse();
        } else {
            assertThat(object.path("metadata").path("namespace").asText()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> fleetOptions() {
        return Stream.of(
                arguments("raw bundle gets the defaults", null, DeploymentOptions.DEFAULTS),
                arguments("empty fleet.yaml gets the defaults", "", DeploymentOptions.DEFAULTS),
                arguments("Fleet fields storefleet does not act on are ignored", "paused: true\nlabels: {team: pos}\n",
                        DeploymentOptions.DEFAULTS),
                arguments("dependsOn names travel in the options", "dependsOn:\n- name: base\n- name: db\n- name: base\n",
                        new DeploymentOptions("default", null, true, List.of("base", "db"))),
                arguments("a dependsOn selector alone waits for nothing", "dependsOn:\n- selector: {matchLabels: {a: b}}\n",
                        DeploymentOptions.DEFAULTS),
                arguments("Fleet's correctDrift object", "correctDrift:\n  enabled: false\n", new DeploymentOptions("default", null, false)),
                arguments("plain boolean correctDrift", "correctDrift: false\n", new DeploymentOptions("default", null, false)),
                arguments("namespaces", "defaultNamespace: pos\nnamespace: kiosk\n", new DeploymentOptions("pos", "kiosk", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fleetOptions")
    void readsDeploymentOptionsFromFleetYaml(String rule, String fleetYaml, DeploymentOptions expected) {
        var files = new LinkedHashMap<String, String>();
        if (fleetYaml != null) {
            files.put("app/fleet.yaml", fleetYaml);
        }
        files.put("app/cm.yaml", configMap("settings", null));

        var rendered = rendered(files);

        assertThat(rendered.options()).isEqualTo(expected);
        assertThat(rendered.deploymentId()).isEqualTo(ContentHash.deploymentId(rendered.manifests(), expected));
    }

    @Test
    void writesCanonicalYamlSortedByKindNamespaceNameWithSortedKeys() {
        var rendered = rendered(Map.of("app/all.yaml", """
                metadata:
                  namespace: b
                  name: z
                kind: ConfigMap
                apiVersion: v1
                data:
                  z: "1"
                  a: "true"
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a, namespace: b}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: z, namespace: a}
                """));

        assertThat(rendered.manifests()).isEqualTo("""
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: z
                  namespace: a
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                  namespace: b
                ---
                apiVersion: v1
                data:
                  a: "true"
                  z: "1"
                kind: ConfigMap
                metadata:
                  name: z
                  namespace: b
                """);
        assertThat(rendered.contentHash()).isEqualTo(ContentHash.sha256(rendered.manifests()));
        assertThat(rendered.objects()).isEqualTo(3);
    }

    @Test
    void sameObjectsInAnotherOrderAndFileLayoutGiveIdenticalBytes() {
        var one = rendered(Map.of(
                "app/a.yaml", configMap("alpha", "x: '1'\n  y: two") + "---\n" + service("web"),
                "app/b.yaml", configMap("beta", null)));
        var other = rendered(Map.of(
                "app/1.yaml", configMap("beta", null),
                "app/2.yml", "# comment\n" + service("web") + "\n---\n---\n" + configMap("alpha", "y: two\n  x: '1'")));

        assertThat(other.manifests()).isEqualTo(one.manifests());
        assertThat(other.deploymentId()).isEqualTo(one.deploymentId());
    }

    @Test
    void renderingRenderedOutputChangesNothing() {
        var first = rendered(Map.of("app/cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: tricky
                  labels: {enabled: "true", version: "1.0", answer: "yes", empty: ""}
                data:
                  script: |
                    #!/bin/sh
                    echo "hello: world"
                  port: "8080"
                  flag: "on"
                  nothing: null
                """));

        var second = rendered(Map.of("app/cm.yaml", first.manifests()));

        assertThat(second.manifests()).isEqualTo(first.manifests());
        var labels = YamlDocumentsSupport.only(first.manifests()).path("metadata").path("labels");
        assertThat(labels.path("enabled").isTextual()).isTrue();
        assertThat(labels.path("version").isTextual()).isTrue();
        assertThat(labels.path("answer").asText()).isEqualTo("yes");
    }

    @Test
    void optionsChangeTheDeploymentIdButNotTheContentHash() {
        var plain = rendered(Map.of("app/fleet.yaml", "namespace: shop", "app/cm.yaml", configMap("c", null)));
        var noDrift = rendered(Map.of("app/fleet.yaml", "namespace: shop\ncorrectDrift: {enabled: false}",
                "app/cm.yaml", configMap("c", null)));

        assertThat(noDrift.contentHash()).isEqualTo(plain.contentHash());
        assertThat(noDrift.deploymentId()).isNotEqualTo(plain.deploymentId());
    }

    @Test
    void dependsOnSelectorIsAWarningNotAFailure() {
        var bytes = new LinkedHashMap<String, byte[]>();
        bytes.put("app/fleet.yaml", "dependsOn:\n- selector: {matchLabels: {a: b}}\n".getBytes(StandardCharsets.UTF_8));
        bytes.put("app/cm.yaml", configMap("c", null).getBytes(StandardCharsets.UTF_8));
        var bundle = BundleDiscovery.discover("repo", bytes.keySet()).get(0);

        var result = new BundleRenderer(Toolchain.NONE).plan(bundle, bytes, List.of(store("s1")), ClusterGroups.NONE);

        assertThat(((RenderResult.Targeted) result).warnings()).singleElement().asString().contains("dependsOn[0].selector");
    }

    @Test
    void comparePatchesBecomeTheIgnoreDriftAnnotationOfTheObjectsTheyName() {
        var rendered = rendered(Map.of("app/fleet.yaml", """
                defaultNamespace: pos
                diff:
                  comparePatches:
                  - apiVersion: apps/v1
                    kind: Deployment
                    name: web
                    namespace: pos
                    operations:
                    - {"op": "remove", "path": "/spec/replicas"}
                    jsonPointers:
                    - /spec/template/metadata/annotations
                  - kind: ConfigMap
                    name: tuned
                    jsonPointers: [/data/threshold]
                """,
                "app/objects.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {replicas: 2}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: other}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: tuned
                  annotations: {storefleet.io/ignore-drift: /data/manual}
                data: {threshold: "5"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: untouched}
                """));

        var annotations = new LinkedHashMap<String, String>();
        try {
            for (var document : YamlDocuments.parse(rendered.manifests().getBytes(StandardCharsets.UTF_8))) {
                var meta = document.node().path("metadata");
                annotations.put(document.node().path("kind").asText() + " " + meta.path("namespace").asText() + "/"
                        + meta.path("name").asText(), meta.path("annotations").path("storefleet.io/ignore-drift").asText(null));
            }
        } catch (YamlDocuments.SyntaxError e) {
            throw new AssertionError(e);
        }
        assertThat(annotations)
                .containsEntry("Deployment pos/web", "/spec/template/metadata/annotations,/spec/replicas")
                .containsEntry("Deployment other/web", null)
                .containsEntry("ConfigMap pos/tuned", "/data/manual,/data/threshold")
                .containsEntry("ConfigMap pos/untouched", null);
    }

    @Test
    void comparePatchesOfACustomisationApplyToItsStoresOnly() {
        var bytes = new LinkedHashMap<String, byte[]>();
        bytes.put("app/fleet.yaml", """
                targetCustomizations:
                - name: autoscaled
                  clusterName: s2
                  diff:
                    comparePatches:
                    - {kind: ConfigMap, name: c, jsonPointers: [/data/x]}
                """.getBytes(StandardCharsets.UTF_8));
        bytes.put("app/cm.yaml", configMap("c", "x: '1'").getBytes(StandardCharsets.UTF_8));
        var bundle = BundleDiscovery.discover("repo", bytes.keySet()).get(0);

        var targeted = (RenderResult.Targeted) new BundleRenderer(Toolchain.NONE)
                .plan(bundle, bytes, List.of(store("s1"), store("s2")), ClusterGroups.NONE);

        assertThat(targeted.byStore().get("s1").manifests()).doesNotContain("storefleet.io/ignore-drift");
        assertThat(targeted.byStore().get("s2").manifests()).contains("storefleet.io/ignore-drift: /data/x");
        assertThat(targeted.renders()).isEqualTo(2);
    }

    static Stream<Arguments> badDependsOnAndDiff() {
        return Stream.of(
                arguments("dependsOn is not a list", "dependsOn: base\n", "dependsOn must be a list"),
                arguments("dependsOn entry without name", "dependsOn:\n- {}\n", "needs a name"),
                arguments("dependsOn entry with a typo", "dependsOn:\n- nmae: base\n", "unknown field 'nmae'"),
                arguments("comparePatch without kind", "diff:\n  comparePatches:\n  - name: x\n    jsonPointers: [/a]\n", "needs a kind"),
                arguments("comparePatch with nothing to ignore", "diff:\n  comparePatches:\n  - kind: ConfigMap\n", "no jsonPointers"),
                arguments("comparePatch pointer without slash", "diff:\n  comparePatches:\n  - kind: ConfigMap\n    jsonPointers: [data.x]\n",
                        "not a JSON pointer"),
                arguments("diff with an unknown field", "diff:\n  comparePatch: []\n", "unknown field 'comparePatch'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDependsOnAndDiff")
    void badDependsOnOrDiffIsFleetYamlInvalid(String rule, String fleetYaml, String detail) {
        var failed = failed(Map.of("app/fleet.yaml", fleetYaml, "app/cm.yaml", configMap("c", null)));

        assertThat(failed.reason()).isEqualTo(FailureReason.FleetYamlInvalid);
        assertThat(failed.file()).isEqualTo("app/fleet.yaml");
        assertThat(failed.detail()).contains(detail);
    }

    private static TargetStore store(String id) {
        return new TargetStore(id, "east", "UTC", "express", Map.of());
    }

    static Stream<Arguments> brokenYaml() {
        return Stream.of(
                arguments("bad indentation", "app/deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n", 5),
                arguments("unclosed quote", "app/deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"x\n", 5),
                arguments("tab indentation in second document", "app/deploy.yaml",
                        configMap("ok", null) + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: y\n", 9),
                arguments("duplicate key", "app/deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: x\n", 3),
                arguments("broken fleet.yaml", "app/fleet.yaml", "namespace: [shop\n", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenYaml")
    void brokenYamlNamesFileAndLine(String rule, String file, String content, int line) {
        var files = new LinkedHashMap<String, String>();
        files.put("app/fleet.yaml", "defaultNamespace: pos\n");
        files.put("app/other.yaml", configMap("fine", null));
        files.put(file, content);

        var failed = failed(files);

        assertThat(failed.reason()).isEqualTo(FailureReason.YamlInvalid);
        assertThat(failed.file()).isEqualTo(file);
        assertThat(failed.line()).isEqualTo(line);
        assertThat(failed.detail()).isNotBlank();
    }

    static Stream<Arguments> invalidManifests() {
        return Stream.of(
                arguments("no kind", "apiVersion: v1\nmetadata:\n  name: x\n", 1, "kind"),
                arguments("no apiVersion", "kind: ConfigMap\nmetadata:\n  name: x\n", 1, "apiVersion"),
                arguments("no metadata.name in the second document", configMap("ok", null) + "---\napiVersion: v1\nkind: Secret\nmetadata: {}\n",
                        6, "metadata.name"),
                arguments("a list instead of an object", "- a\n- b\n", 1, "mapping"),
                arguments("the same object twice", configMap("twice", null) + "---\n" + configMap("twice", null), 6, "duplicate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void documentsThatAreNotKubernetesObjectsAreManifestInvalid(String rule, String content, int line, String detail) {
        var failed = failed(Map.of("app/objects.yaml", content));

        assertThat(failed.reason()).isEqualTo(FailureReason.ManifestInvalid);
        assertThat(failed.file()).isEqualTo("app/objects.yaml");
        assertThat(failed.line()).isEqualTo(line);
        assertThat(failed.detail()).contains(detail);
    }

    @Test
    void emptyBundleRendersNoObjects() {
        var rendered = rendered(Map.of("app/fleet.yaml", "defaultNamespace: pos\n"));

        assertThat(rendered.manifests()).isEmpty();
        assertThat(rendered.objects()).isZero();
    }

    static String configMap(String name, String data) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n" + (data == null ? "" : "data:\n  " + data + "\n");
    }

    static String service(String name) {
        return "kind: Service\napiVersion: v1\nmetadata:\n  name: " + name + "\nspec:\n  ports:\n  - port: 80\n    name: http\n";
    }

    private static RenderResult render(Map<String, String> files) {
        var bytes = new LinkedHashMap<String, byte[]>();
        files.forEach((path, content) -> bytes.put(path, content.getBytes(StandardCharsets.UTF_8)));
        var bundles = BundleDiscovery.discover("repo", bytes.keySet());
        assertThat(bundles).hasSize(1);
        return BundleRenderer.render(bundles.get(0), bytes);
    }

    private static Rendered rendered(Map<String, String> files) {
        var result = render(files);
        assertThat(result).isInstanceOf(Rendered.class);
        return (Rendered) result;
    }

    private static Failed failed(Map<String, String> files) {
        var result = render(files);
        assertThat(result).isInstanceOf(Failed.class);
        return (Failed) result;
    }

    /** Reads rendered output back for assertions. */
    static final class YamlDocumentsSupport {
        static JsonNode only(String manifests) {
            try {
                List<YamlDocuments.Document> documents = YamlDocuments.parse(manifests.getBytes(StandardCharsets.UTF_8));
                assertThat(documents).hasSize(1);
                return documents.get(0).node();
            } catch (YamlDocuments.SyntaxError e) {
                throw new AssertionError("rendered output is not YAML: " + e.getMessage(), e);
            }
        }
    }
}

package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storefleet.model.ContentHash;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.FailureReason;
import io.storefleet.planner.domain.RenderResult.Failed;
import io.storefleet.planner.domain.RenderResult.Rendered;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders raw YAML bundles: applies fleet.yaml's namespace options and writes canonical YAML, so identical input always
 * gives identical bytes and therefore the same deployment id. Helm and Kustomize bundles fail as unsupported.
 */
public final class BundleRenderer {
    static final String UNSUPPORTED = "Helm/Kustomize bundles are not rendered yet (issue 3)";
    private static final Set<String> UNSUPPORTED_FILES = Set.of("Chart.yaml", "Chart.yml", "kustomization.yaml", "kustomization.yml");
    private static final Comparator<KubeObject> ORDER = Comparator.comparing(KubeObject::kind)
            .thenComparing(KubeObject::namespace).thenComparing(KubeObject::name).thenComparing(KubeObject::apiVersion)
            .thenComparing(KubeObject::canonical);

    /** Renders one bundle; {@code files} maps repo paths to contents and must hold every file the bundle names. */
    public static RenderResult render(Bundle bundle, Map<String, byte[]> files) {
        var fleetYaml = FleetYaml.EMPTY;
        if (!bundle.isRaw()) {
            var content = read(files, bundle.fleetYaml());
            try {
                var documents = YamlDocuments.parse(content);
                fleetYaml = FleetYaml.from(documents.isEmpty() ? null : documents.get(0).node());
            } catch (YamlDocuments.SyntaxError e) {
                return new Failed(bundle, FailureReason.YamlInvalid, bundle.fleetYaml(), e.line(), e.getMessage());
            } catch (IllegalArgumentException e) {
                return new Failed(bundle, FailureReason.YamlInvalid, bundle.fleetYaml(), 1, e.getMessage());
            }
            if (fleetYaml.helm() || fleetYaml.kustomize()) {
                return new Failed(bundle, FailureReason.UnsupportedBundleKind, bundle.fleetYaml(), null,
                        UNSUPPORTED + ": fleet.yaml sets " + (fleetYaml.helm() ? "helm" : "kustomize"));
            }
        }
        for (var file : bundle.files()) {
            if (UNSUPPORTED_FILES.contains(BundleDiscovery.fileName(file))) {
                return new Failed(bundle, FailureReason.UnsupportedBundleKind, file, null,
                        UNSUPPORTED + ": bundle contains " + BundleDiscovery.fileName(file));
            }
        }
        var options = fleetYaml.options();
        var objects = new ArrayList<KubeObject>();
        var identities = new HashSet<String>();
        for (var file : bundle.files()) {
            var content = read(files, file);
            List<YamlDocuments.Document> documents;
            try {
                documents = YamlDocuments.parse(content);
            } catch (YamlDocuments.SyntaxError e) {
                return new Failed(bundle, FailureReason.YamlInvalid, file, e.line(), e.getMessage());
            }
            for (var document : documents) {
                var problem = KubeObject.problem(document.node());
                if (problem != null) {
                    return new Failed(bundle, FailureReason.ManifestInvalid, file, document.line(), problem);
                }
                var object = KubeObject.of((ObjectNode) document.node().deepCopy(), options);
                if (!identities.add(object.identity())) {
                    return new Failed(bundle, FailureReason.ManifestInvalid, file, document.line(),
                            "duplicate object " + object.identity());
                }
                objects.add(object);
            }
        }
        objects.sort(ORDER);
        var manifests = CanonicalYaml.write(objects.stream().map(KubeObject::node).toList());
        return new Rendered(bundle, manifests, ContentHash.sha256(manifests), ContentHash.deploymentId(manifests, options),
                options, objects.size());
    }

    private static byte[] read(Map<String, byte[]> files, String path) {
        var content = files.get(path);
        if (content == null) {
            throw new IllegalStateException("file " + path + " of the bundle is missing from the tree");
        }
        return content;
    }

    /** One Kubernetes object with the namespace options applied; {@code canonical} breaks ties in the sort. */
    private record KubeObject(ObjectNode node, String apiVersion, String kind, String namespace, String name, String canonical) {

        static String problem(JsonNode node) {
            if (!node.isObject()) {
                return "a manifest must be a mapping, not " + node.getNodeType().name().toLowerCase();
            }
            for (var field : List.of("apiVersion", "kind")) {
                if (!nonBlankText(node.get(field))) {
                    return "object without " + field;
                }
            }
            var metadata = node.get("metadata");
            if (metadata == null || !metadata.isObject() || !nonBlankText(metadata.get("name"))) {
                return node.get("kind").asText() + " without metadata.name";
            }
            var namespace = metadata.get("namespace");
            if (namespace != null && !namespace.isNull() && !namespace.isTextual()) {
                return node.get("kind").asText() + " " + metadata.get("name").asText() + " has a non-text metadata.namespace";
            }
            return null;
        }

        static KubeObject of(ObjectNode node, DeploymentOptions options) {
            var kind = node.get("kind").asText();
            var metadata = (ObjectNode) node.get("metadata");
            if (!ClusterScopedKinds.isClusterScoped(kind)) {
                var current = metadata.path("namespace").asText("");
                if (options.namespace() != null) {
                    metadata.put("namespace", options.namespace());
                } else if (current.isBlank()) {
                    metadata.put("namespace", options.defaultNamespace());
                }
            }
            var namespace = metadata.path("namespace").asText("");
            return new KubeObject(node, node.get("apiVersion").asText(), kind, namespace, metadata.get("name").asText(),
                    CanonicalYaml.sorted(node).toString());
        }

        String identity() {
            int slash = apiVersion.indexOf('/');
            var group = slash < 0 ? "" : apiVersion.substring(0, slash);
            return kind + (group.isEmpty() ? "" : "." + group) + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
        }

        private static boolean nonBlankText(JsonNode value) {
            return value != null && value.isTextual() && !value.asText().isBlank();
        }
    }

    private BundleRenderer() {
    }
}

package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storefleet.model.ContentHash;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.FailureReason;
import io.storefleet.model.ObjectAnnotations;
import io.storefleet.planner.domain.FleetYaml.Settings;
import io.storefleet.planner.domain.RenderResult.Failed;
import io.storefleet.planner.domain.RenderResult.Rendered;
import io.storefleet.planner.domain.RenderResult.Targeted;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Renders bundles as Fleet does: raw YAML (with {@code yaml.overlays}), a Helm chart in the repo (the bundle folder
 * holding a Chart.yaml, or {@code helm.chart}), a kustomization ({@code kustomize.dir}, or a kustomization.yaml in
 * the bundle folder), or Helm output post-processed by kustomize when both are set. Then applies the namespace
 * options and writes canonical YAML, so identical input always gives identical bytes and the same deployment id.
 * Per store, it applies the matching {@code targetCustomizations} and {@code ${ .Store.x }} templates, and renders
 * each distinct set of effective inputs once.
 */
public final class BundleRenderer {
    /** The file the Helm output is handed to kustomize as, when a bundle has both (Fleet's convention). */
    public static final String HELM_MANIFESTS = "manifests.yaml";
    private static final List<String> KUSTOMIZATIONS = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Pattern PATCH = Pattern.compile("(.*)_patch\\.(yaml|yml|json)");
    private static final Comparator<KubeObject> ORDER = Comparator.comparing(KubeObject::kind)
            .thenComparing(KubeObject::namespace).thenComparing(KubeObject::name).thenComparing(KubeObject::apiVersion)
            .thenComparing(KubeObject::canonical);

    private final Toolchain toolchain;

    public BundleRenderer(Toolchain toolchain) {
        this.toolchain = toolchain;
    }

    /** Raw YAML rendering with the bundle's defaults and no external renderer; {@code files} maps repo paths to contents. */
    public static RenderResult render(Bundle bundle, Map<String, byte[]> files) {
        return new BundleRenderer(Toolchain.NONE).renderDefaults(bundle, files);
    }

    /** The bundle with its defaults (no targeting, no templating): what a store no customisation matches gets. */
    public RenderResult renderDefaults(Bundle bundle, Map<String, byte[]> files) {
        var spec = spec(bundle, files);
        if (spec instanceof Failed failed) {
            return failed;
        }
        var fleet = (FleetYaml) spec;
        var context = new Context(bundle, files, fleet);
        try {
            return context.render(fleet.settings(), context.values(fleet.settings(), null));
        } catch (BundleFailure e) {
            return e.failed;
        }
    }

    /** The bundle for each store: targeting, per-store values, one rendering per distinct effective input. */
    public RenderResult plan(Bundle bundle, Map<String, byte[]> files, List<TargetStore> stores, ClusterGroups groups) {
        return plan(bundle, files, stores, groups, new HashMap<>());
    }

    /**
     * The same with a caller-kept cache of renderings (keyed by the effective inputs), for planning the stores of one
     * commit a few at a time (a store added to the inventory) without rendering the same thing again.
     */
    public RenderResult plan(Bundle bundle, Map<String, byte[]> files, List<TargetStore> stores, ClusterGroups groups,
                             Map<String, Rendered> cache) {
        int cached = cache.size();
        var spec = spec(bundle, files);
        if (spec instanceof Failed failed) {
            return failed;
        }
        var fleet = (FleetYaml) spec;
        var context = new Context(bundle, files, fleet);
        var byStore = new LinkedHashMap<String, Rendered>();
        var failedStores = new LinkedHashMap<String, Failed>();
        var failedKeys = new HashMap<String, Failed>();
        try {
            for (var store : stores) {
                StoreMatcher.Match match;
                try {
                    match = StoreMatcher.match(fleet.targets(), fleet.allMatches(), store, groups);
                } catch (SpecException e) {
                    throw context.specFailure(e, groups);
                }
                if (match.doNotDeploy()) {
                    continue;
                }
                // values, templates and renderers see this store's inputs: a failure here is this store's alone
                try {
                    var settings = match.settings(fleet.settings());
                    var values = context.values(settings, store);
                    var key = Context.key(settings, values);
                    var failed = failedKeys.get(key);
                    if (failed != null) {
                        failedStores.put(store.id(), failed);
                        continue;
                    }
                    var rendered = cache.get(key);
                    if (rendered == null) {
                        try {
                            rendered = context.render(settings, values);
                        } catch (BundleFailure e) {
                            failedKeys.put(key, e.failed);
                            throw e;
                        }
                        cache.put(key, rendered);
                    }
                    byStore.put(store.id(), rendered);
                } catch (BundleFailure e) {
                    failedStores.put(store.id(), e.failed);
                }
            }
        } catch (BundleFailure e) {
            return e.failed;
        }
        if (byStore.isEmpty() && !failedStores.isEmpty()) {
            return failedStores.values().iterator().next(); // no store renders: the bundle itself is broken
        }
        return new Targeted(bundle, byStore, cache.size() - cached, fleet.warnings(), failedStores);
    }

    private static Object spec(Bundle bundle, Map<String, byte[]> files) {
        if (bundle.isRaw()) {
            return FleetYaml.EMPTY;
        }
        var content = read(files, bundle.fleetYaml());
        try {
            var documents = YamlDocuments.parse(content);
            return FleetYaml.from(documents.isEmpty() ? null : documents.get(0).node());
        } catch (YamlDocuments.SyntaxError e) {
            return new Failed(bundle, FailureReason.YamlInvalid, bundle.fleetYaml(), e.line(), e.getMessage());
        } catch (SpecException e) {
            return new Failed(bundle, FailureReason.FleetYamlInvalid, bundle.fleetYaml(), lineOf(content, e.needle()), e.getMessage());
        }
    }

    /** Thrown inside rendering to end the bundle with one typed failure. */
    private static final class BundleFailure extends Exception {
        final Failed failed;

        BundleFailure(Failed failed) {
            super(failed.detail(), null, false, false);
            this.failed = failed;
        }
    }

    /** Everything about one bundle of one commit that does not depend on the store. */
    private final class Context {
        final Bundle bundle;
        final Map<String, byte[]> files;
        final FleetYaml fleet;
        final Map<String, ObjectNode> valuesFiles = new HashMap<>();

        Context(Bundle bundle, Map<String, byte[]> files, FleetYaml fleet) {
            this.bundle = bundle;
            this.files = files;
            this.fleet = fleet;
        }

        BundleFailure fail(FailureReason reason, String file, Integer line, String detail) {
            return new BundleFailure(new Failed(bundle, reason, file, line, detail));
        }

        BundleFailure specFailure(SpecException e, ClusterGroups groups) {
            var inGroups = e.getMessage().startsWith(ClusterGroups.PATH);
            var file = inGroups ? ClusterGroups.PATH : bundle.fleetYaml();
            return fail(FailureReason.FleetYamlInvalid, file, lineOf(files.get(file), e.needle()), e.getMessage());
        }

        /** valuesFiles (in order), then values, then the store's templates; null when the bundle has no Helm values. */
        JsonNode values(Settings settings, TargetStore store) throws BundleFailure {
            var helm = settings.helm();
            if (helm == null) {
                return null;
            }
            ObjectNode merged = null;
            for (var name : helm.valuesFiles() == null ? List.<String>of() : helm.valuesFiles()) {
                merged = Values.merge(merged, valuesFile(name));
            }
            merged = Values.merge(merged, helm.values());
            if (merged == null || store == null) {
                return merged;
            }
            try {
                return Values.template(merged, store);
            } catch (Values.TemplateException e) {
                return throwTemplate(e);
            }
        }

        private JsonNode throwTemplate(Values.TemplateException e) throws BundleFailure {
            var file = bundle.fleetYaml();
            var line = lineOf(files.get(file), e.placeholder());
            if (line == null) {
                for (var name : valuesFiles.keySet()) {
                    line = lineOf(files.get(name), e.placeholder());
                    if (line != null) {
                        file = name;
                        break;
                    }
                }
            }
            throw fail(FailureReason.TemplateFailed, file, line, e.getMessage());
        }

        private ObjectNode valuesFile(String name) throws BundleFailure {
            var path = resolve(bundle.dir(), name);
            if (valuesFiles.containsKey(path)) {
                return valuesFiles.get(path);
            }
            var content = files.get(path);
            if (content == null) {
                throw fail(FailureReason.ValuesFileMissing, bundle.fleetYaml(), lineOf(files.get(bundle.fleetYaml()), name),
                        "helm.valuesFiles names " + name + " but " + path + " is not in the commit");
            }
            try {
                var documents = YamlDocuments.parse(content);
                var root = documents.isEmpty() ? null : documents.get(0).node();
                if (root != null && !root.isObject()) {
                    throw fail(FailureReason.YamlInvalid, path, documents.get(0).line(), "a values file must be a mapping");
                }
                valuesFiles.put(path, (ObjectNode) root);
                return (ObjectNode) root;
            } catch (YamlDocuments.SyntaxError e) {
                throw fail(FailureReason.YamlInvalid, path, e.line(), e.getMessage());
            }
        }

        static String key(Settings settings, JsonNode values) {
            return settings.defaultNamespace() + "|" + settings.namespace() + "|" + settings.correctDrift() + "|"
                    + settings.kustomizeDir() + "|" + settings.overlays() + "|" + settings.dependsOn() + "|"
                    + settings.comparePatches() + "|"
                    + (settings.helm() == null ? "" : settings.helm().chart() + "|" + settings.helm().releaseName() + "|"
                    + settings.helm().version()) + "|" + (values == null ? "" : CanonicalYaml.sorted(values).toString());
        }

        Rendered render(Settings settings, JsonNode values) throws BundleFailure {
            var options = settings.options();
            var chartDir = chartDir(settings);
            var kustomizeDir = kustomizeDir(settings, chartDir != null);
            List<Source> sources;
            if (chartDir != null) {
                var output = helm(settings, chartDir, options, values);
                if (kustomizeDir != null) {
                    output = kustomize(kustomizeDir, output);
                }
                sources = List.of(new Source(chartDir + " (helm template)", output.getBytes(StandardCharsets.UTF_8),
                        kustomizeDir != null ? FailureReason.KustomizeFailed : FailureReason.ChartRenderFailed));
            } else if (kustomizeDir != null) {
                sources = List.of(new Source(kustomizeDir + " (kustomize build)",
                        kustomize(kustomizeDir, null).getBytes(StandardCharsets.UTF_8), FailureReason.KustomizeFailed));
            } else {
                sources = raw(settings.overlays());
            }
            return objects(sources, options, settings.comparePatches());
        }

        private String chartDir(Settings settings) throws BundleFailure {
            var helm = settings.helm();
            if (helm != null && (helm.repo() != null || (helm.chart() != null && (helm.chart().contains("://")
                    || helm.chart().startsWith("oci:"))))) {
                throw fail(FailureReason.ChartRenderFailed, bundle.fleetYaml(), lineOf(files.get(bundle.fleetYaml()), "chart"),
                        "remote charts are not fetched (Git is the only source of truth): vendor the chart into the repo and "
                                + "point helm.chart at its folder");
            }
            String dir;
            if (helm != null && helm.chart() != null) {
                dir = resolve(bundle.dir(), helm.chart());
            } else if (files.containsKey(join(bundle.dir(), "Chart.yaml"))) {
                dir = bundle.dir();
            } else {
                return null;
            }
            var chartYaml = files.get(join(dir, "Chart.yaml"));
            if (chartYaml == null) {
                throw fail(FailureReason.ChartRenderFailed, bundle.fleetYaml(), lineOf(files.get(bundle.fleetYaml()), "chart"),
                        "helm.chart " + helm.chart() + ": no Chart.yaml at " + join(dir, "Chart.yaml"));
            }
            if (helm != null && helm.version() != null) {
                var version = chartVersion(chartYaml, join(dir, "Chart.yaml"));
                if (!helm.version().equals(version)) {
                    throw fail(FailureReason.ChartRenderFailed, bundle.fleetYaml(), lineOf(files.get(bundle.fleetYaml()), "version"),
                            "helm.version is " + helm.version() + " but " + join(dir, "Chart.yaml") + " has version " + version);
                }
            }
            return dir;
        }

        private String chartVersion(byte[] chartYaml, String path) throws BundleFailure {
            try {
                var documents = YamlDocuments.parse(chartYaml);
                return documents.isEmpty() ? null : documents.get(0).node().path("version").asText(null);
            } catch (YamlDocuments.SyntaxError e) {
                throw fail(FailureReason.ChartRenderFailed, path, e.line(), e.getMessage());
            }
        }

        private String kustomizeDir(Settings settings, boolean helm) throws BundleFailure {
            String dir;
            if (settings.kustomizeDir() != null) {
                dir = resolve(bundle.dir(), settings.kustomizeDir());
            } else if (!helm && kustomization(bundle.dir()) != null) {
                dir = bundle.dir();
            } else {
                return null;
            }
            if (kustomization(dir) == null) {
                throw fail(FailureReason.KustomizeFailed, bundle.fleetYaml(), lineOf(files.get(bundle.fleetYaml()), "dir"),
                        "kustomize.dir " + settings.kustomizeDir() + ": no kustomization.yaml in " + dir);
            }
            return dir;
        }

        private String kustomization(String dir) {
            return KUSTOMIZATIONS.stream().map(name -> join(dir, name)).filter(files::containsKey).findFirst().orElse(null);
        }

        private String helm(Settings settings, String chartDir, DeploymentOptions options, JsonNode values) throws BundleFailure {
            var release = settings.helm() != null && settings.helm().releaseName() != null
                    ? settings.helm().releaseName() : releaseName(bundle.name());
            var namespace = options.namespace() != null ? options.namespace() : options.defaultNamespace();
            var valuesYaml = values == null ? "" : CanonicalYaml.write(List.of(values));
            try {
                return toolchain.helmTemplate(subtree(chartDir), chartDir, release, namespace, valuesYaml);
            } catch (Toolchain.ToolException e) {
                throw fail(FailureReason.ChartRenderFailed, join(chartDir, "Chart.yaml"), null, e.getMessage());
            }
        }

        /** {@code helmOutput} non-null: it is handed to the kustomization as manifests.yaml (added to its resources when missing). */
        private String kustomize(String dir, String helmOutput) throws BundleFailure {
            var tree = new TreeMap<>(subtree(bundle.dir()));
            if (!dir.equals(bundle.dir()) && !dir.startsWith(bundle.dir().isEmpty() ? "" : bundle.dir() + "/")) {
                tree.putAll(subtree(dir));
            }
            if (helmOutput != null) {
                tree.put(join(dir, HELM_MANIFESTS), helmOutput.getBytes(StandardCharsets.UTF_8));
                var kustomization = kustomization(dir);
                tree.put(kustomization, withHelmResource(kustomization));
            }
            try {
                return toolchain.kustomizeBuild(tree, dir);
            } catch (Toolchain.ToolException e) {
                throw fail(FailureReason.KustomizeFailed, kustomization(dir), null, e.getMessage());
            }
        }

        private byte[] withHelmResource(String kustomization) throws BundleFailure {
            try {
                var documents = YamlDocuments.parse(files.get(kustomization));
                var root = documents.isEmpty() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        : documents.get(0).node();
                if (!root.isObject()) {
                    throw fail(FailureReason.KustomizeFailed, kustomization, 1, "a kustomization must be a mapping");
                }
                var copy = (ObjectNode) root.deepCopy();
                var resources = copy.withArray("resources");
                for (var resource : resources) {
                    if (resource.asText().equals(HELM_MANIFESTS)) {
                        return files.get(kustomization);
                    }
                }
                resources.add(HELM_MANIFESTS);
                return CanonicalYaml.write(List.of(copy)).getBytes(StandardCharsets.UTF_8);
            } catch (YamlDocuments.SyntaxError e) {
                throw fail(FailureReason.KustomizeFailed, kustomization, e.line(), e.getMessage());
            }
        }

        private Map<String, byte[]> subtree(String dir) {
            var prefix = dir.isEmpty() ? "" : dir + "/";
            var tree = new TreeMap<String, byte[]>();
            files.forEach((path, content) -> {
                if (path.startsWith(prefix)) {
                    tree.put(path, content);
                }
            });
            return tree;
        }

        /** The bundle's YAML files with each named overlay applied in order. */
        private List<Source> raw(List<String> overlays) throws BundleFailure {
            var working = new TreeMap<String, byte[]>();
            bundle.files().forEach(file -> working.put(file, read(files, file)));
            for (var overlay : overlays == null ? List.<String>of() : overlays) {
                applyOverlay(working, overlay);
            }
            var sources = new ArrayList<Source>();
            working.forEach((path, content) -> sources.add(new Source(path, content, null)));
            return sources;
        }

        private void applyOverlay(Map<String, byte[]> working, String overlay) throws BundleFailure {
            var prefix = join(bundle.dir(), "overlays/" + overlay) + "/";
            var overlayFiles = new TreeMap<String, byte[]>();
            files.forEach((path, content) -> {
                if (path.startsWith(prefix) && BundleDiscovery.isYaml(path) || path.startsWith(prefix) && path.endsWith(".json")) {
                    overlayFiles.put(path, content);
                }
            });
            if (overlayFiles.isEmpty()) {
                throw fail(FailureReason.FleetYamlInvalid, bundle.fleetYaml(), lineOf(files.get(bundle.fleetYaml()), overlay),
                        "yaml.overlays names " + overlay + " but " + prefix + " holds no YAML files");
            }
            for (var entry : overlayFiles.entrySet()) {
                var relative = entry.getKey().substring(prefix.length());
                var patch = PATCH.matcher(relative);
                if (!patch.matches()) {
                    working.put(join(bundle.dir(), relative), entry.getValue());
                    continue;
                }
                var target = List.of(".yaml", ".yml", ".json").stream().map(ext -> join(bundle.dir(), patch.group(1) + ext))
                        .filter(working::containsKey).findFirst()
                        .orElseThrow(() -> fail(FailureReason.ManifestInvalid, entry.getKey(), 1,
                                "patch " + relative + " has no " + patch.group(1) + ".yaml in the bundle to patch"));
                working.put(target, mergePatch(target, working.get(target), entry.getKey(), entry.getValue()));
            }
        }

        /** JSON merge patch of the target file's documents the patch names (by kind/name when it sets them, else all). */
        private byte[] mergePatch(String target, byte[] base, String patchPath, byte[] patchContent) throws BundleFailure {
            try {
                var patches = YamlDocuments.parse(patchContent);
                var documents = YamlDocuments.parse(base);
                var out = new ArrayList<JsonNode>();
                for (var document : documents) {
                    var node = document.node().deepCopy();
                    for (var patch : patches) {
                        if (!patch.node().isObject()) {
                            throw fail(FailureReason.ManifestInvalid, patchPath, patch.line(), "a patch must be a mapping");
                        }
                        if (node.isObject() && patchApplies(patch.node(), node)) {
                            Values.mergeInto((ObjectNode) node, patch.node());
                        }
                    }
                    out.add(node);
                }
                return CanonicalYaml.write(out).getBytes(StandardCharsets.UTF_8);
            } catch (YamlDocuments.SyntaxError e) {
                throw fail(FailureReason.YamlInvalid, e.line() == null ? patchPath : patchPath, e.line(), e.getMessage());
            }
        }

        private static boolean patchApplies(JsonNode patch, JsonNode object) {
            var kind = patch.path("kind").asText(null);
            var name = patch.path("metadata").path("name").asText(null);
            return (kind == null || kind.equals(object.path("kind").asText()))
                    && (name == null || name.equals(object.path("metadata").path("name").asText()));
        }

        private Rendered objects(List<Source> sources, DeploymentOptions options, List<FleetYaml.ComparePatch> comparePatches)
                throws BundleFailure {
            var objects = new ArrayList<KubeObject>();
            var identities = new HashSet<String>();
            for (var source : sources) {
                List<YamlDocuments.Document> documents;
                try {
                    documents = YamlDocuments.parse(source.content());
                } catch (YamlDocuments.SyntaxError e) {
                    throw fail(source.reason() == null ? FailureReason.YamlInvalid : source.reason(), source.name(), e.line(), e.getMessage());
                }
                for (var document : documents) {
                    var problem = KubeObject.problem(document.node());
                    if (problem != null) {
                        throw fail(FailureReason.ManifestInvalid, source.name(), document.line(), problem);
                    }
                    var object = KubeObject.of((ObjectNode) document.node().deepCopy(), options).ignoringDrift(comparePatches);
                    if (!identities.add(object.identity())) {
                        throw fail(FailureReason.ManifestInvalid, source.name(), document.line(), "duplicate object " + object.identity());
                    }
                    objects.add(object);
                }
            }
            objects.sort(ORDER);
            var manifests = CanonicalYaml.write(objects.stream().map(KubeObject::node).toList());
            return new Rendered(bundle, manifests, ContentHash.sha256(manifests), ContentHash.deploymentId(manifests, options),
                    options, objects.size());
        }
    }

    /** Input to the object step: a file of the bundle or a renderer's output ({@code reason} = whose fault a YAML error is). */
    private record Source(String name, byte[] content, FailureReason reason) {
    }

    /** Helm's release-name limit is 53 characters. */
    static String releaseName(String bundleName) {
        var name = bundleName.toLowerCase().replaceAll("[^a-z0-9-]", "-");
        return name.length() <= 53 ? name : name.substring(0, 53).replaceAll("-+$", "");
    }

    /** {@code relative} resolved against the bundle folder; {@code ./}, {@code ../} handled, the result is a repo path. */
    static String resolve(String dir, String relative) {
        var parts = new ArrayList<String>(dir.isEmpty() ? List.of() : List.of(dir.split("/")));
        for (var segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(segment);
            }
        }
        return String.join("/", parts);
    }

    static String join(String dir, String file) {
        return dir.isEmpty() ? file : file.isEmpty() ? dir : dir + "/" + file;
    }

    /** 1-based line of the first {@code needle:} key (else first mention) in {@code content}; null when not found. */
    static Integer lineOf(byte[] content, String needle) {
        if (content == null || needle == null || needle.isBlank()) {
            return null;
        }
        var lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        var key = Pattern.compile("^\\s*(-\\s*)?" + Pattern.quote(needle) + "\\s*:");
        for (int i = 0; i < lines.length; i++) {
            if (key.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        return null;
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

        /** With {@link ObjectAnnotations#IGNORE_DRIFT} listing the pointers of every comparePatch that matches it. */
        KubeObject ignoringDrift(List<FleetYaml.ComparePatch> patches) {
            if (patches == null) {
                return this;
            }
            var pointers = new java.util.LinkedHashSet<String>();
            var annotations = node.path("metadata").path("annotations");
            var existing = annotations.path(ObjectAnnotations.IGNORE_DRIFT).asText("");
            for (var pointer : existing.split(",")) {
                if (!pointer.isBlank()) {
                    pointers.add(pointer.strip());
                }
            }
            int before = pointers.size();
            patches.stream().filter(p -> p.matches(apiVersion, kind, namespace, name)).forEach(p -> pointers.addAll(p.pointers()));
            if (pointers.size() == before) {
                return this;
            }
            var metadata = (ObjectNode) node.get("metadata");
            var target = metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
            target.put(ObjectAnnotations.IGNORE_DRIFT, String.join(",", pointers));
            return new KubeObject(node, apiVersion, kind, namespace, name, CanonicalYaml.sorted(node).toString());
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

}

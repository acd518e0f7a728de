package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storefleet.model.DeploymentOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * fleet.yaml as storefleet reads it: Fleet's field names. Fields storefleet acts on are parsed; fields Fleet knows but
 * storefleet does not act on become {@link #warnings()}; a field Fleet does not know either is a {@link SpecException}
 * (a typo such as {@code defaultNamspace} must not silently deploy to the wrong place).
 *
 * @param settings  the bundle's defaults
 * @param targets   {@code targetCustomizations}, in file order
 * @param allMatches {@code targetCustomizationMode: AllMatches}: every matching customisation applies, in order
 */
public record FleetYaml(Settings settings, List<TargetCustomization> targets, boolean allMatches, List<String> warnings) {
    public static final FleetYaml EMPTY = new FleetYaml(Settings.NONE, List.of(), false, List.of());

    /** Options that can be set on the bundle and overridden per customisation; null = not set here. */
    public record Settings(String defaultNamespace, String namespace, Boolean correctDrift, Helm helm, String kustomizeDir,
                           List<String> overlays, List<String> dependsOn, List<ComparePatch> comparePatches) {
        public static final Settings NONE = new Settings(null, null, null, null, null, null, null, null);

        public Settings(String defaultNamespace, String namespace, Boolean correctDrift, Helm helm, String kustomizeDir,
                        List<String> overlays) {
            this(defaultNamespace, namespace, correctDrift, helm, kustomizeDir, overlays, null, null);
        }

        /** {@code other}'s set fields win; helm values deep-merge. */
        public Settings with(Settings other) {
            return new Settings(pick(other.defaultNamespace, defaultNamespace), pick(other.namespace, namespace),
                    pick(other.correctDrift, correctDrift), helm == null ? other.helm : helm.with(other.helm),
                    pick(other.kustomizeDir, kustomizeDir), pick(other.overlays, overlays), pick(other.dependsOn, dependsOn),
                    pick(other.comparePatches, comparePatches));
        }

        public DeploymentOptions options() {
            var defaults = DeploymentOptions.DEFAULTS;
            return new DeploymentOptions(defaultNamespace == null ? defaults.defaultNamespace() : defaultNamespace, namespace,
                    correctDrift == null ? defaults.correctDrift() : correctDrift, dependsOn);
        }
    }

    /**
     * One {@code diff.comparePatches[]} entry: fields of the matching objects that are not drift. Fleet applies
     * {@code operations} to both sides before comparing; storefleet's agent ignores the paths they touch and
     * {@code jsonPointers}, which is the same for the remove/replace patches Fleet users write.
     *
     * @param apiVersion null = any; {@code namespace}, {@code name} likewise
     * @param pointers   JSON pointers ({@code /spec/replicas}) from {@code jsonPointers} and each operation's {@code path}
     */
    public record ComparePatch(String apiVersion, String kind, String namespace, String name, List<String> pointers) {
        public boolean matches(String objectApiVersion, String objectKind, String objectNamespace, String objectName) {
            return kind.equals(objectKind) && (apiVersion == null || apiVersion.equals(objectApiVersion))
                    && (namespace == null || namespace.equals(objectNamespace)) && (name == null || name.equals(objectName));
        }
    }

    /** {@code helm:}; {@code values} null when not set. */
    public record Helm(String chart, String repo, String version, String releaseName, ObjectNode values, List<String> valuesFiles) {
        Helm with(Helm other) {
            if (other == null) {
                return this;
            }
            return new Helm(pick(other.chart, chart), pick(other.repo, repo), pick(other.version, version),
                    pick(other.releaseName, releaseName), Values.merge(values, other.values), concat(valuesFiles, other.valuesFiles));
        }
    }

    /** One {@code targetCustomizations[]} entry; without clusterName, clusterSelector or clusterGroup it matches no store. */
    public record TargetCustomization(String name, String clusterName, LabelSelector clusterSelector, String clusterGroup,
                                      boolean doNotDeploy, Settings settings) {
    }

    private static final Set<String> TOP = Set.of("defaultNamespace", "namespace", "correctDrift", "helm", "kustomize", "yaml",
            "targetCustomizations", "targetCustomizationMode", "dependsOn", "diff",
            // read by rollout.RolloutSpec (waves, gates, maintenance windows)
            "rolloutStrategy", "storefleet");
    private static final Set<String> TOP_IGNORED = Set.of("labels", "paused",
            "keepResources", "deleteNamespace", "ignore", "serviceAccount", "forceSyncGeneration", "deleteCRDResources",
            "namespaceLabels", "namespaceAnnotations", "overrideTargets", "imageScans", "targetNamespace",
            "takeOwnership", "helmSecretName", "downstreamResources");
    private static final Set<String> CUSTOM = Set.of("name", "clusterName", "clusterSelector", "clusterGroup", "doNotDeploy",
            "defaultNamespace", "namespace", "correctDrift", "helm", "kustomize", "yaml", "diff");
    private static final Set<String> CUSTOM_IGNORED = Set.of("clusterGroupSelector", "serviceAccount", "keepResources",
            "deleteNamespace", "ignore", "forceSyncGeneration", "namespaceLabels", "namespaceAnnotations", "targetNamespace",
            "deleteCRDResources", "takeOwnership", "downstreamResources");
    private static final Set<String> HELM = Set.of("chart", "repo", "version", "releaseName", "values", "valuesFiles");
    private static final Set<String> HELM_IGNORED = Set.of("timeoutSeconds", "valuesFrom", "force", "takeOwnership", "maxHistory",
            "waitForJobs", "atomic", "disablePreProcess", "disableDNS", "skipSchemaValidation", "disableDependencyUpdate");

    /** Reads the first document of a fleet.yaml; an empty file is {@link #EMPTY}. */
    public static FleetYaml from(JsonNode root) throws SpecException {
        if (root == null || root.isNull()) {
            return EMPTY;
        }
        if (!root.isObject()) {
            throw new SpecException("fleet.yaml must be a mapping, not " + root.getNodeType().name().toLowerCase(), null);
        }
        var warnings = new ArrayList<String>();
        warnings.addAll(onlyFields(root, "fleet.yaml", TOP, TOP_IGNORED));
        var settings = settings(root, "fleet.yaml", warnings);
        settings = settings.with(new Settings(null, null, null, null, null, null, dependsOn(root.get("dependsOn"), warnings), null));
        var targets = new ArrayList<TargetCustomization>();
        var list = root.get("targetCustomizations");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new SpecException("targetCustomizations must be a list", "targetCustomizations");
            }
            int index = 0;
            for (var item : list) {
                targets.add(customization(item, "targetCustomizations[" + index++ + "]", warnings));
            }
        }
        var mode = text(root, "targetCustomizationMode");
        if (mode != null && !mode.equals("AllMatches") && !mode.equals("FirstMatch")) {
            throw new SpecException("targetCustomizationMode must be FirstMatch or AllMatches, not " + mode, "targetCustomizationMode");
        }
        return new FleetYaml(settings, targets, "AllMatches".equals(mode), warnings);
    }

    public DeploymentOptions options() {
        return settings.options();
    }

    private static TargetCustomization customization(JsonNode node, String where, List<String> warnings) throws SpecException {
        if (!node.isObject()) {
            throw new SpecException(where + " must be a mapping", "targetCustomizations");
        }
        warnings.addAll(onlyFields(node, where, CUSTOM, CUSTOM_IGNORED));
        var selector = node.get("clusterSelector");
        var doNotDeploy = node.get("doNotDeploy");
        if (doNotDeploy != null && !doNotDeploy.isNull() && !doNotDeploy.isBoolean()) {
            throw new SpecException(where + ".doNotDeploy must be true or false", "doNotDeploy");
        }
        return new TargetCustomization(text(node, "name"), text(node, "clusterName"),
                selector == null || selector.isNull() ? null : LabelSelector.parse(selector, where + ".clusterSelector"),
                text(node, "clusterGroup"), doNotDeploy != null && doNotDeploy.asBoolean(), settings(node, where, warnings));
    }

    private static Settings settings(JsonNode node, String where, List<String> warnings) throws SpecException {
        Helm helm = null;
        var helmNode = node.get("helm");
        if (helmNode != null && !helmNode.isNull()) {
            if (!helmNode.isObject()) {
                throw new SpecException(where + ".helm must be a mapping", "helm");
            }
            warnings.addAll(onlyFields(helmNode, where + ".helm", HELM, HELM_IGNORED));
            var values = helmNode.get("values");
            if (values != null && !values.isNull() && !values.isObject()) {
                throw new SpecException(where + ".helm.values must be a mapping", "values");
            }
            helm = new Helm(text(helmNode, "chart"), text(helmNode, "repo"), text(helmNode, "version"), text(helmNode, "releaseName"),
                    values == null || values.isNull() ? null : (ObjectNode) values, strings(helmNode, "valuesFiles", where + ".helm"));
        }
        String kustomizeDir = null;
        var kustomize = node.get("kustomize");
        if (kustomize != null && !kustomize.isNull()) {
            if (!kustomize.isObject()) {
                throw new SpecException(where + ".kustomize must be a mapping", "kustomize");
            }
            onlyFields(kustomize, where + ".kustomize", Set.of("dir"), Set.of());
            kustomizeDir = text(kustomize, "dir");
        }
        List<String> overlays = null;
        var yaml = node.get("yaml");
        if (yaml != null && !yaml.isNull()) {
            if (!yaml.isObject()) {
                throw new SpecException(where + ".yaml must be a mapping", "yaml");
            }
            onlyFields(yaml, where + ".yaml", Set.of("overlays"), Set.of());
            overlays = strings(yaml, "overlays", where + ".yaml");
        }
        return new Settings(text(node, "defaultNamespace"), text(node, "namespace"), correctDrift(node.get("correctDrift"), where, warnings),
                helm, kustomizeDir, overlays, null, comparePatches(node.get("diff"), where));
    }

    /** Fleet's {@code dependsOn: [{name: <bundle>}]}; a {@code selector} over bundle labels is not acted on (warning). */
    private static List<String> dependsOn(JsonNode value, List<String> warnings) throws SpecException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new SpecException("fleet.yaml.dependsOn must be a list of {name: <bundle>}", "dependsOn");
        }
        var names = new ArrayList<String>();
        int index = 0;
        for (var item : value) {
            var where = "fleet.yaml.dependsOn[" + index++ + "]";
            if (!item.isObject()) {
                throw new SpecException(where + " must be a mapping with name", "dependsOn");
            }
            warnings.addAll(onlyFields(item, where, Set.of("name"), Set.of("selector")));
            var name = text(item, "name");
            if (name == null && item.get("selector") == null) {
                throw new SpecException(where + " needs a name (the bundle it waits for)", "dependsOn");
            }
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return names.isEmpty() ? null : List.copyOf(names);
    }

    private static List<ComparePatch> comparePatches(JsonNode diff, String where) throws SpecException {
        if (diff == null || diff.isNull()) {
            return null;
        }
        if (!diff.isObject()) {
            throw new SpecException(where + ".diff must be a mapping", "diff");
        }
        onlyFields(diff, where + ".diff", Set.of("comparePatches"), Set.of());
        var list = diff.get("comparePatches");
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            throw new SpecException(where + ".diff.comparePatches must be a list", "comparePatches");
        }
        var patches = new ArrayList<ComparePatch>();
        int index = 0;
        for (var item : list) {
            var at = where + ".diff.comparePatches[" + index++ + "]";
            if (!item.isObject()) {
                throw new SpecException(at + " must be a mapping", "comparePatches");
            }
            onlyFields(item, at, Set.of("apiVersion", "kind", "namespace", "name", "operations", "jsonPointers"), Set.of());
            if (text(item, "kind") == null) {
                throw new SpecException(at + " needs a kind", "comparePatches");
            }
            var pointers = new ArrayList<String>();
            var jsonPointers = strings(item, "jsonPointers", at);
            if (jsonPointers != null) {
                pointers.addAll(jsonPointers);
            }
            var operations = item.get("operations");
            if (operations != null && !operations.isNull()) {
                if (!operations.isArray()) {
                    throw new SpecException(at + ".operations must be a list", "operations");
                }
                for (var op : operations) {
                    if (!op.isObject() || text(op, "path") == null) {
                        throw new SpecException(at + ".operations: each operation needs a path", "operations");
                    }
                    pointers.add(text(op, "path"));
                }
            }
            for (var pointer : pointers) {
                if (!pointer.startsWith("/") || pointer.contains(",")) {
                    throw new SpecException(at + ": '" + pointer + "' is not a JSON pointer (/spec/replicas)", "comparePatches");
                }
            }
            if (pointers.isEmpty()) {
                throw new SpecException(at + " lists no jsonPointers or operations", "comparePatches");
            }
            patches.add(new ComparePatch(text(item, "apiVersion"), text(item, "kind"), text(item, "namespace"),
                    text(item, "name"), List.copyOf(pointers)));
        }
        return List.copyOf(patches);
    }

    /** Fails on a field in neither set; returns a warning per field storefleet knows from Fleet but does not act on. */
    static List<String> onlyFields(JsonNode node, String where, Set<String> acted, Set<String> ignored) throws SpecException {
        var warnings = new ArrayList<String>();
        var names = node.fieldNames();
        while (names.hasNext()) {
            var name = names.next();
            if (ignored.contains(name)) {
                warnings.add(where + "." + name + " is a Fleet field storefleet does not act on; ignored");
            } else if (!acted.contains(name)) {
                throw new SpecException(where + " has unknown field '" + name + "' (neither Fleet nor storefleet knows it)", name);
            }
        }
        return warnings;
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText().strip();
    }

    private static List<String> strings(JsonNode node, String field, String where) throws SpecException {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new SpecException(where + "." + field + " must be a list", field);
        }
        var out = new ArrayList<String>();
        value.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static Boolean correctDrift(JsonNode value, String where, List<String> warnings) throws SpecException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (!value.isObject()) {
            throw new SpecException(where + ".correctDrift must be a mapping or a boolean", "correctDrift");
        }
        warnings.addAll(onlyFields(value, where + ".correctDrift", Set.of("enabled"), Set.of("force", "keepFailHistory")));
        var enabled = value.get("enabled");
        return enabled != null && enabled.isBoolean() ? enabled.booleanValue() : null;
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        var all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}

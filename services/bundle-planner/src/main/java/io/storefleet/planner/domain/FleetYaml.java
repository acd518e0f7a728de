package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.model.DeploymentOptions;

/**
 * The part of fleet.yaml this version understands; unknown fields are ignored.
 *
 * @param correctDrift null when not set; Fleet writes it as {@code correctDrift: {enabled: true}}, a plain boolean is accepted too
 * @param helm         whether the bundle asks for Helm rendering
 * @param kustomize    whether the bundle asks for Kustomize rendering
 */
public record FleetYaml(String defaultNamespace, String namespace, Boolean correctDrift, boolean helm, boolean kustomize) {
    public static final FleetYaml EMPTY = new FleetYaml(null, null, null, false, false);

    /** Reads the first document of a fleet.yaml; an empty file is {@link #EMPTY}. */
    public static FleetYaml from(JsonNode root) {
        if (root == null || root.isNull()) {
            return EMPTY;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("fleet.yaml must be a mapping, not " + root.getNodeType().name().toLowerCase());
        }
        return new FleetYaml(text(root, "defaultNamespace"), text(root, "namespace"), correctDrift(root.get("correctDrift")),
                present(root, "helm"), present(root, "kustomize"));
    }

    public DeploymentOptions options() {
        var defaults = DeploymentOptions.DEFAULTS;
        return new DeploymentOptions(defaultNamespace == null ? defaults.defaultNamespace() : defaultNamespace, namespace,
                correctDrift == null ? defaults.correctDrift() : correctDrift);
    }

    private static String text(JsonNode root, String field) {
        var value = root.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText().strip();
    }

    private static boolean present(JsonNode root, String field) {
        var value = root.get(field);
        return value != null && !value.isNull();
    }

    private static Boolean correctDrift(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        var enabled = value.get("enabled");
        return enabled != null && enabled.isBoolean() ? enabled.booleanValue() : null;
    }
}

package io.storefleet.model;

import java.util.List;

/**
 * Per-deployment options that change how an agent applies the manifests; part of the deployment id.
 *
 * @param defaultNamespace namespace for objects that set none
 * @param namespace        forced namespace for every namespaced object, or null
 * @param correctDrift     whether the agent reverts changes made outside storefleet
 * @param dependsOn        bundles (names) that must be Ready in the store before this one is applied (Fleet's
 *                         {@code dependsOn}); null when none, so ids of bundles without it are unchanged
 */
public record DeploymentOptions(String defaultNamespace, String namespace, boolean correctDrift, List<String> dependsOn) {
    public static final DeploymentOptions DEFAULTS = new DeploymentOptions("default", null, true);

    public DeploymentOptions {
        // empty and absent are the same option: both encode as absent, so the deployment id does not depend on it
        dependsOn = dependsOn == null || dependsOn.isEmpty() ? null : List.copyOf(dependsOn);
    }

    public DeploymentOptions(String defaultNamespace, String namespace, boolean correctDrift) {
        this(defaultNamespace, namespace, correctDrift, null);
    }

    /** {@link #dependsOn()} never null. */
    public List<String> dependencies() {
        return dependsOn == null ? List.of() : dependsOn;
    }
}

package io.storefleet.model;

/**
 * Per-deployment options that change how an agent applies the manifests; part of the deployment id.
 *
 * @param defaultNamespace namespace for objects that set none
 * @param namespace        forced namespace for every namespaced object, or null
 * @param correctDrift     whether the agent reverts changes made outside storefleet
 */
public record DeploymentOptions(String defaultNamespace, String namespace, boolean correctDrift) {
    public static final DeploymentOptions DEFAULTS = new DeploymentOptions("default", null, true);
}

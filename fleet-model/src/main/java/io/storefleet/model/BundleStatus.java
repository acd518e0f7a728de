package io.storefleet.model;

/**
 * One bundle as the agent sees it in its store.
 *
 * @param deploymentId the deployment id currently applied (or being applied)
 * @param commit       the commit that deployment came from
 * @param message      human-readable detail: error, first non-ready objects, drift summary
 */
public record BundleStatus(String bundle, BundleState state, String deploymentId, String commit, String message) {
}

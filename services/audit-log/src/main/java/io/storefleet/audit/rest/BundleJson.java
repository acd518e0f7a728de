package io.storefleet.audit.rest;

import io.storefleet.model.BundleState;

/**
 * @param state         the state the fleet view shows: the agent's, or WaitApplied while applied ≠ desired
 * @param reportedState what the agent last reported, null before its first report
 */
public record BundleJson(String bundle, String desiredDeploymentId, String desiredCommit, String appliedDeploymentId,
                         String appliedCommit, BundleState state, BundleState reportedState, String message) {
}

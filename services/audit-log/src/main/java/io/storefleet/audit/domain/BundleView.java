package io.storefleet.audit.domain;

import io.storefleet.model.BundleState;

/**
 * One bundle of one store as the view tables hold it: what the planner wants and what the agent last reported.
 *
 * @param reportedState the agent's state, null until it first reports this bundle
 */
public record BundleView(String bundle, String desiredDeploymentId, String desiredCommit, String appliedDeploymentId,
                         String appliedCommit, BundleState reportedState, String message) {
}

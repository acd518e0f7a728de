package io.storefleet.agent.core;

import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;

/**
 * What the agent knows about one bundle.
 *
 * @param deploymentId        the deployment being applied, applied, or that failed (what status shows)
 * @param appliedDeploymentId the deployment whose objects are in the cluster now, null if none yet
 */
public record BundleRecord(String bundle, BundleState state, String deploymentId, String commit, String message,
                           String appliedDeploymentId) {

    public static BundleRecord waitApplied(String bundle, String deploymentId, String commit, String appliedBefore) {
        return new BundleRecord(bundle, BundleState.WaitApplied, deploymentId, commit, "", appliedBefore);
    }

    public BundleRecord withMessage(String text) {
        return new BundleRecord(bundle, state, deploymentId, commit, text, appliedDeploymentId);
    }

    public BundleRecord failed(String deploymentId, String commit, String message) {
        return new BundleRecord(bundle, BundleState.ErrApplied, deploymentId, commit, message, appliedDeploymentId);
    }

    public BundleRecord applied(Readiness readiness) {
        var state = readiness.modified() ? BundleState.Modified : readiness.ready() ? BundleState.Ready : BundleState.NotReady;
        return new BundleRecord(bundle, state, deploymentId,
                commit, readiness.message(), deploymentId);
    }

    public BundleStatus toStatus() {
        return new BundleStatus(bundle, state, deploymentId, commit, message);
    }
}

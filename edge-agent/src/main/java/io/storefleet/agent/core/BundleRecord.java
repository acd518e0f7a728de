package io.storefleet.agent.core;

import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;

/**
 * What the agent knows about one bundle.
 *
 * @param deploymentId        the deployment being applied, applied, or that failed (what status shows)
 * @param commit              the commit of {@code deploymentId}
 * @param appliedDeploymentId the deployment whose objects are in the cluster now, null if none yet
 * @param appliedCommit       the commit of {@code appliedDeploymentId}: a refusal reports that pair, never the commit
 *                            of a deployment that is only being applied or that failed
 */
public record BundleRecord(String bundle, BundleState state, String deploymentId, String commit, String message,
                           String appliedDeploymentId, String appliedCommit) {

    /** {@code deploymentId} is being applied; what ran before ({@code before}, may be null) still runs. */
    public static BundleRecord waitApplied(String bundle, String deploymentId, String commit, BundleRecord before) {
        return before == null
                ? new BundleRecord(bundle, BundleState.WaitApplied, deploymentId, commit, "", null, null)
                : new BundleRecord(bundle, BundleState.WaitApplied, deploymentId, commit, "", before.appliedDeploymentId,
                before.appliedCommit);
    }

    /** A bundle with nothing applied, e.g. before its first message was refused. */
    public static BundleRecord unknown(String bundle) {
        return new BundleRecord(bundle, BundleState.ErrApplied, null, null, "", null, null);
    }

    public BundleRecord withMessage(String text) {
        return new BundleRecord(bundle, state, deploymentId, commit, text, appliedDeploymentId, appliedCommit);
    }

    public BundleRecord failed(String deploymentId, String commit, String message) {
        return new BundleRecord(bundle, BundleState.ErrApplied, deploymentId, commit, message, appliedDeploymentId,
                appliedCommit);
    }

    /** A message was refused: nothing changed in the cluster, so status names what runs there, with its own commit. */
    public BundleRecord refused(String message) {
        return failed(appliedDeploymentId, appliedCommit, message);
    }

    public BundleRecord applied(Readiness readiness) {
        var state = readiness.modified() ? BundleState.Modified : readiness.ready() ? BundleState.Ready : BundleState.NotReady;
        return new BundleRecord(bundle, state, deploymentId, commit, readiness.message(), deploymentId, commit);
    }

    public BundleStatus toStatus() {
        return new BundleStatus(bundle, state, deploymentId, commit, message);
    }
}

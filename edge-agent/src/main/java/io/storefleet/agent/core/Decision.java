package io.storefleet.agent.core;

import io.storefleet.model.BundleDeploymentPlanned;

/** What a {@link StoreAgent} does with one desired message; chosen by {@link DesiredDecider}. */
public sealed interface Decision {

    /** Nothing to do, and nothing worth reporting. */
    record Ignore(String why) implements Decision {
    }

    record Apply(BundleDeploymentPlanned event) implements Decision {
    }

    record Remove() implements Decision {
    }

    /**
     * The bundle becomes ErrApplied; its objects stay as they are.
     *
     * @param deploymentId the deployment running in the cluster (null if none): a refused message changes nothing there
     * @param commit       that deployment's own commit (never the commit of one that is pending or failed)
     */
    record Fail(AgentFailure reason, String detail, String deploymentId, String commit) implements Decision {
        public String message() {
            return reason.message(detail);
        }
    }

    /**
     * The applied deployment is desired again after an error: no re-apply, state comes from the runtime again.
     * Names the applied deployment, never the one that failed: a failed apply is reported applied only once one succeeds.
     *
     * @param deploymentId the deployment whose objects are in the cluster (the record's appliedDeploymentId)
     * @param commit       the commit of the message that desires it again
     */
    record Restore(String deploymentId, String commit) implements Decision {
    }
}

package io.storefleet.model.view;

/** One bundle of a store: what the planner wants there (desired) and what the agent reports (applied). */
public record BundleView(String bundle, String desiredDeploymentId, String desiredCommit, String appliedDeploymentId,
                         String appliedCommit, String state, String message) {

    /** Running the desired deployment, and Ready. */
    public boolean convergedOn(String commit) {
        return commit.equals(desiredCommit) && desiredDeploymentId != null
                && desiredDeploymentId.equals(appliedDeploymentId) && "Ready".equals(state);
    }
}

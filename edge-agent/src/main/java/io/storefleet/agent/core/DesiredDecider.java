package io.storefleet.agent.core;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleState;
import io.storefleet.model.MqttTopics;

import java.util.Objects;

/** The pure rules for a desired message, given what the agent already has for that bundle. */
public final class DesiredDecider {

    /**
     * @param current the bundle as the agent knows it, null if unknown
     */
    public static Decision decide(String storeId, String topic, Desired desired, BundleRecord current) {
        var topicStore = MqttTopics.storeId(topic).orElse("");
        var topicBundle = MqttTopics.bundle(topic).orElse("");
        if (!topicStore.equals(storeId) || topicBundle.isEmpty() || topicBundle.contains("/")) {
            return new Decision.Ignore("not a desired topic of " + storeId + ": " + topic);
        }
        if (desired instanceof Desired.Removed) {
            return current == null
                    ? new Decision.Ignore("bundle " + topicBundle + " unknown, nothing to remove")
                    : new Decision.Remove();
        }
        if (desired instanceof Desired.Invalid invalid) {
            return fail(AgentFailure.PayloadInvalid, invalid.reason(), current);
        }
        var event = ((Desired.Planned) desired).event();
        if (!storeId.equals(event.storeId())) {
            return fail(AgentFailure.StoreMismatch, "event is for store " + event.storeId(), current);
        }
        if (!topicBundle.equals(event.bundle())) {
            return fail(AgentFailure.BundleMismatch, "event is for bundle " + event.bundle(), current);
        }
        if (event.deploymentId() == null || event.manifestsGz() == null) {
            return fail(AgentFailure.PayloadInvalid, "deploymentId and manifestsGz are required", current);
        }
        return plan(event, current);
    }

    private static Decision plan(BundleDeploymentPlanned event, BundleRecord current) {
        var id = event.deploymentId();
        if (current != null && id.equals(current.appliedDeploymentId())) {
            return current.state() == BundleState.ErrApplied
                    ? new Decision.Restore(id, event.commit())
                    : new Decision.Ignore("deployment " + id + " already applied");
        }
        if (current != null && current.state() == BundleState.WaitApplied && Objects.equals(id, current.deploymentId())) {
            return new Decision.Ignore("deployment " + id + " is being applied");
        }
        return new Decision.Apply(event);
    }

    // a refused message never touches the cluster, so status keeps naming what is applied there, with that
    // deployment's own commit (current.commit() belongs to the deployment being applied or that failed)
    private static Decision fail(AgentFailure reason, String detail, BundleRecord current) {
        return current == null
                ? new Decision.Fail(reason, detail, null, null)
                : new Decision.Fail(reason, detail, current.appliedDeploymentId(), current.appliedCommit());
    }

    private DesiredDecider() {
    }
}

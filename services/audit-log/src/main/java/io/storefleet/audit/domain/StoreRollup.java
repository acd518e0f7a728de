package io.storefleet.audit.domain;

import io.storefleet.model.BundleState;

import java.util.List;
import java.util.Objects;

/** Bundle and store state as the fleet view shows them; the ranking itself is {@link BundleState#worst}. */
public final class StoreRollup {

    /**
     * A bundle whose applied deployment is not the desired one is at least {@code WaitApplied}: the agent's
     * own state describes the old deployment, so only a worse state (ErrApplied) wins over the mismatch.
     */
    public static BundleState bundleState(BundleView b) {
        var reported = b.reportedState() != null ? b.reportedState() : BundleState.Ready;
        if (!Objects.equals(b.desiredDeploymentId(), b.appliedDeploymentId())) {
            return BundleState.worst(List.of(reported, BundleState.WaitApplied));
        }
        return b.reportedState() != null ? reported : BundleState.Pending;
    }

    /** Worst of the bundles; a store without bundles is Ready. */
    public static BundleState storeState(List<BundleView> bundles) {
        return BundleState.worst(bundles.stream().map(StoreRollup::bundleState).toList());
    }

    private StoreRollup() {
    }
}

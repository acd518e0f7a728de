package io.storefleet.planner.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.PlanningFailed;

import java.util.List;

/**
 * Everything one commit produces.
 *
 * @param bundles number of bundles discovered (planned or failed)
 * @param stores  number of stores targeted
 */
public record CommitPlan(List<BundleDeploymentPlanned> deployments, List<PlanningFailed> failures, int bundles, int stores) {
    public CommitPlan {
        deployments = List.copyOf(deployments);
        failures = List.copyOf(failures);
    }

    public int events() {
        return deployments.size() + failures.size();
    }
}

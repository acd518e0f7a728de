package io.storefleet.planner.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.PlanningFailed;

import java.util.List;
import java.util.Map;

/**
 * Everything one commit produces.
 *
 * @param removals  bundles that no longer target a store (deleted from Git, or the store is no longer targeted)
 * @param bundles   number of bundles discovered (planned or failed)
 * @param stores    number of stores in the inventory
 * @param unchanged (store, bundle) pairs whose deployment id did not change, so nothing was emitted for them
 * @param renders   distinct renderings made across all bundles
 * @param state     what each (store, bundle) runs once this plan is written: {@link PlannedState#key} → deployment id
 * @param warnings  Fleet fields storefleet does not act on, per bundle
 */
public record CommitPlan(List<BundleDeploymentPlanned> deployments, List<BundleDeploymentRemoved> removals,
                         List<PlanningFailed> failures, int bundles, int stores, int unchanged, int renders,
                         Map<PlannedState.Key, String> state, Map<String, List<String>> warnings) {
    public CommitPlan {
        deployments = List.copyOf(deployments);
        removals = List.copyOf(removals);
        failures = List.copyOf(failures);
        state = Map.copyOf(state);
        warnings = Map.copyOf(warnings);
    }

    /** A plan that only reports a failure of the whole commit. */
    public static CommitPlan failed(PlanningFailed failure) {
        return new CommitPlan(List.of(), List.of(), List.of(failure), 0, 0, 0, 0, Map.of(), Map.of());
    }

    public int events() {
        return deployments.size() + removals.size() + failures.size();
    }
}

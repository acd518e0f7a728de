package io.storefleet.planner.service;

import io.storefleet.model.CommitDetected;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.CommitPlan;
import io.storefleet.planner.domain.PlannedState;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.domain.rollout.RolloutSpec;

import java.util.List;
import java.util.Map;

/**
 * A commit's plan, and whether the commit must be nacked once the plan's events are written.
 *
 * @param previous what was planned for the repo before this commit (the plan's state replaces it once written)
 * @param abort    null when the commit was planned; otherwise why it must be retried (its PlanningFailed is in the plan)
 * @param rollouts bundle → its staged rollout spec, only for bundles whose deployments go out in waves or windows
 * @param stores   the enrolled stores the commit was planned for (wave selectors match their labels)
 * @param groups   the commit's {@code fleet/groups.yaml}
 */
public record PlannedCommit(CommitDetected commit, CommitPlan plan, Map<PlannedState.Key, String> previous,
                            PlanningAbortedException abort, Map<String, RolloutSpec> rollouts, List<TargetStore> stores,
                            ClusterGroups groups) {

    public PlannedCommit(CommitDetected commit, CommitPlan plan, Map<PlannedState.Key, String> previous, PlanningAbortedException abort) {
        this(commit, plan, previous, abort, Map.of(), List.of(), ClusterGroups.NONE);
    }

    public PlannedCommit withPlan(CommitPlan other) {
        return new PlannedCommit(commit, other, previous, abort, rollouts, stores, groups);
    }
}

package io.storefleet.planner.service;

import io.storefleet.model.CommitDetected;
import io.storefleet.planner.domain.CommitPlan;
import io.storefleet.planner.domain.PlannedState;

import java.util.Map;

/**
 * A commit's plan, and whether the commit must be nacked once the plan's events are written.
 *
 * @param previous what was planned for the repo before this commit (the plan's state replaces it once written)
 * @param abort    null when the commit was planned; otherwise why it must be retried (its PlanningFailed is in the plan)
 */
public record PlannedCommit(CommitDetected commit, CommitPlan plan, Map<PlannedState.Key, String> previous,
                            PlanningAbortedException abort) {
}

package io.storefleet.model;

/** Events on {@link Topics#ROLLOUT_EVENTS}, keyed by rollout (repo) id. */
public sealed interface RolloutEvent extends FleetEvent permits PlanningFailed {
}

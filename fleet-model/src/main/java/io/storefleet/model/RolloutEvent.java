package io.storefleet.model;

/** Events on {@link Topics#ROLLOUT_EVENTS}, keyed by rollout id ({@link PlanningFailed}: repo id). */
public sealed interface RolloutEvent extends FleetEvent
        permits PlanningFailed, RolloutStarted, WaveStarted, WaveHalted, RolloutCompleted, RolloutControlled {
    String repo();

    String commit();

    /** The bundle the event is about; null for a failure of the whole commit. */
    String bundle();
}

package io.storefleet.model;

import java.util.List;

/**
 * A commit changed a bundle that has a {@code rolloutStrategy} or a maintenance window: its per-store deployments are
 * released wave by wave instead of all at once.
 *
 * @param rolloutId         {@code <bundle>@<first 8 of sha>}; the Kafka key of every event of this rollout
 * @param waves             each wave's index, name, size and maxUnavailable — not its store ids (see {@link RolloutWave})
 * @param maintenanceWindow {@code immediate}, {@code store-hours-closed} or {@code urgent} (windows ignored)
 * @param bakeTime          ISO-8601 duration a wave must stay Ready before the next starts
 * @param haltOnFailure     failure threshold per wave as written ({@code 1}, {@code 10%})
 */
public record RolloutStarted(EventMeta meta, String rolloutId, String repo, String commit, String bundle,
                             String maintenanceWindow, String bakeTime, String haltOnFailure, boolean autoRollback,
                             List<RolloutWave> waves) implements RolloutEvent {
    public RolloutStarted {
        waves = List.copyOf(waves);
    }
}

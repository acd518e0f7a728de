package io.storefleet.planner.rollout;

import io.storefleet.model.RolloutWave;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A row of {@code rollouts}. */
public record RolloutRow(String id, String repo, String repoUrl, String bundle, String commit, String previousSha, String state,
                         String window, Duration bake, Duration readyDeadline, String haltOnFailure, boolean autoRollback,
                         List<RolloutWave> waves, int currentWave, boolean waveStarted, Instant readySince, String message,
                         Instant createdAt) {
    public static final String RUNNING = "Running";
    public static final String PAUSED = "Paused";
    public static final String HALTED = "Halted";
    public static final String COMPLETED = "Completed";
    public static final String ABORTED = "Aborted";
    public static final String SUPERSEDED = "Superseded";

    public boolean active() {
        return RUNNING.equals(state) || PAUSED.equals(state);
    }
}

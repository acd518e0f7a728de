package io.storefleet.planner.rollout;

import java.time.Instant;
import java.util.List;

/**
 * A rollout as {@code GET /api/rollouts/{id}} shows it (and {@code ./storefleet rollout status} prints it).
 *
 * @param waves per wave: counts and one line per store
 */
public record RolloutView(String id, String repo, String bundle, String commit, String state, String maintenanceWindow,
                          int currentWave, String message, Instant createdAt, List<WaveView> waves) {

    /** @param status Waiting | Running | Baking | Done | Halted */
    public record WaveView(int index, String name, String status, int stores, int released, int ready, int failed, int pending,
                           List<StoreLine> storeLines) {
    }

    /** @param status e.g. {@code Ready}, {@code ErrApplied: ImagePullBackOff}, {@code Pending (window opens 22:00 local)} */
    public record StoreLine(String storeId, String status, boolean rolledBack) {
    }
}

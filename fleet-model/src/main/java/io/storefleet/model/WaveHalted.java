package io.storefleet.model;

import java.util.List;

/**
 * A wave crossed its failure threshold: the rollout stops, no further store receives the change.
 *
 * @param failures   the stores that counted, with their reported state and message
 * @param rolledBack stores that were given their previous deployment back ({@code autoRollback}); empty otherwise
 * @param reason     why, in words ({@code 3 of 3 stores failed, threshold 1})
 */
public record WaveHalted(EventMeta meta, String rolloutId, String repo, String commit, String bundle, int wave,
                         String name, List<StoreFailure> failures, List<String> rolledBack, String reason)
        implements RolloutEvent {
    public WaveHalted {
        failures = List.copyOf(failures);
        rolledBack = List.copyOf(rolledBack);
    }
}

package io.storefleet.model;

import java.util.List;

/**
 * One wave of a rollout as announced by {@link RolloutStarted}.
 *
 * @param index          0-based; waves start in this order
 * @param name           the partition's name ({@code canary}, a Fleet partition name, or {@code auto-N})
 * @param stores         store ids of the wave
 * @param maxUnavailable stores of the wave that may be not Ready when the next wave starts
 */
public record RolloutWave(int index, String name, List<String> stores, int maxUnavailable) {
    public RolloutWave {
        stores = List.copyOf(stores);
    }
}

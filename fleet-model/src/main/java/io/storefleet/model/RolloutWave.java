package io.storefleet.model;

import java.util.List;

/**
 * One wave of a rollout as announced by {@link RolloutStarted}: its size, not its stores (a 50,000-store rollout would
 * not fit a Kafka record); the store ids come with the wave's {@link WaveStarted} and from the planner's
 * {@code GET /api/rollouts/{id}}.
 *
 * @param index          0-based; waves start in this order
 * @param name           the partition's name ({@code canary}, a Fleet partition name, or {@code auto-N})
 * @param stores         store ids of the wave where the whole list is meant (the planner's own record); empty in
 *                       RolloutStarted (before schema 2 of this field RolloutStarted listed them here)
 * @param maxUnavailable stores of the wave that may be not Ready when the next wave starts
 * @param size           number of stores in the wave (0 in events written before it existed: then {@code stores} has them)
 */
public record RolloutWave(int index, String name, List<String> stores, int maxUnavailable, int size) {
    public RolloutWave {
        stores = stores == null ? List.of() : List.copyOf(stores);
    }

    /** The wave with its store ids: size from them. */
    public RolloutWave(int index, String name, List<String> stores, int maxUnavailable) {
        this(index, name, stores, maxUnavailable, stores.size());
    }

    /** How many stores the wave has, for events of either shape. */
    public int count() {
        return Math.max(size, stores.size());
    }

    /** The same wave without its store ids, as RolloutStarted carries it. */
    public RolloutWave withoutStores() {
        return new RolloutWave(index, name, List.of(), maxUnavailable, count());
    }
}

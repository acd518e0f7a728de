package io.storefleet.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The previous wave was Ready for its bake time (or this is the first): this wave's stores get the deployment. A wave
 * of more than {@link #MAX_STORES} stores is announced in several parts (same wave, {@code part} 0 … {@code parts}-1,
 * each with its slice of the store ids), so no record comes near Kafka's 1 MB default limit; consumers that count
 * started waves count part 0.
 *
 * @param stores store ids of this part (of the whole wave when {@code parts} is 1)
 * @param size   stores in the whole wave
 */
public record WaveStarted(EventMeta meta, String rolloutId, String repo, String commit, String bundle, int wave,
                          String name, List<String> stores, int size, int part, int parts) implements RolloutEvent {
    /** 10,000 ids of ≤ 64 characters stay under 700 KB. */
    public static final int MAX_STORES = 10_000;

    public WaveStarted {
        stores = stores == null ? List.of() : List.copyOf(stores);
        parts = Math.max(parts, 1);
    }

    /** A wave announced in one part. */
    public WaveStarted(EventMeta meta, String rolloutId, String repo, String commit, String bundle, int wave, String name,
                       List<String> stores) {
        this(meta, rolloutId, repo, commit, bundle, wave, name, stores, stores.size(), 0, 1);
    }

    /**
     * The parts announcing a wave: {@link #MAX_STORES} ids each; part 0 carries {@code meta}, part N a meta whose id
     * {@code metaOfPart} derives (stable, so a re-sent step dedupes).
     */
    public static List<WaveStarted> parts(EventMeta meta, java.util.function.IntFunction<EventMeta> metaOfPart, String rolloutId,
                                          String repo, String commit, String bundle, int wave, String name, List<String> stores) {
        int parts = Math.max(1, (stores.size() + MAX_STORES - 1) / MAX_STORES);
        var out = new ArrayList<WaveStarted>();
        for (int part = 0; part < parts; part++) {
            var slice = stores.subList(part * MAX_STORES, Math.min(stores.size(), (part + 1) * MAX_STORES));
            out.add(new WaveStarted(part == 0 ? meta : metaOfPart.apply(part), rolloutId, repo, commit, bundle, wave, name, slice,
                    stores.size(), part, parts));
        }
        return out;
    }
}

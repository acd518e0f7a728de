package io.storefleet.planner.domain.rollout;

import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.SpecException;
import io.storefleet.planner.domain.TargetStore;

import java.util.List;

/**
 * Where a store that a bundle's rollout did not plan goes when it appears mid-rollout (added to the inventory, or
 * relabelled so that it now matches the bundle): into a wave by the same partition rules as {@link WavePlanner} — the
 * canary or the first partition it matches (by name, selector or group; a canary by size is full), else the last wave
 * — and it gets the change when that wave runs. A store never bypasses a paused or halted rollout. Pure.
 */
public final class LateStore {

    /** Where the rollout stands: only Running releases. */
    public enum Phase { RUNNING, PAUSED, HALTED, ENDED }

    /**
     * @param send     DIRECT: no rollout holds the bundle for this store, send as without one. RELEASE: its wave already
     *                 started (or is done) and the rollout runs, so the next tick releases it (windows still apply).
     *                 HOLD: kept back until its wave starts or the rollout runs again.
     * @param wave     the wave index (-1 for DIRECT)
     * @param waveName its name (null for DIRECT)
     */
    public record Placement(Send send, int wave, String waveName) {
        public static final Placement DIRECT = new Placement(Send.DIRECT, -1, null);
    }

    public enum Send { DIRECT, RELEASE, HOLD }

    /**
     * @param spec         the bundle's rollout spec (its partitions name the waves)
     * @param waves        the rollout's wave names, by index
     * @param currentWave  the wave the rollout is at
     * @param waveStarted  whether that wave started
     * @param released     whether the store is already a target of this rollout that was released (it has the change)
     */
    public static Placement place(RolloutSpec spec, List<String> waves, Phase phase, int currentWave, boolean waveStarted,
                                  TargetStore store, boolean released, ClusterGroups groups) throws SpecException {
        if (phase == Phase.ENDED || released || waves.isEmpty()) {
            return Placement.DIRECT;
        }
        int wave = waveOf(spec, waves, store, groups);
        boolean reached = wave < currentWave || wave == currentWave && waveStarted;
        return new Placement(phase == Phase.RUNNING && reached ? Send.RELEASE : Send.HOLD, wave, waves.get(wave));
    }

    private static int waveOf(RolloutSpec spec, List<String> waves, TargetStore store, ClusterGroups groups) throws SpecException {
        if (spec.canary() != null && WavePlanner.matches(spec.canary(), store, groups)) {
            int i = waves.indexOf(spec.canary().name());
            if (i >= 0) {
                return i;
            }
        }
        for (var partition : spec.partitions()) {
            if (WavePlanner.matches(partition, store, groups)) {
                int i = waves.indexOf(partition.name());
                // its partition matched nobody when the rollout was planned (no such wave): the last wave takes it
                return i >= 0 ? i : waves.size() - 1;
            }
        }
        return waves.size() - 1;
    }

    private LateStore() {
    }
}

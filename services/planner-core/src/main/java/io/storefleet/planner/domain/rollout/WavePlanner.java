package io.storefleet.planner.domain.rollout;

import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.SpecException;
import io.storefleet.planner.domain.TargetStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Splits the stores a change goes to into waves: the canary first, then each Fleet partition in file order (a store
 * goes to the first it matches), then the stores no partition names in automatic waves of {@code autoPartitionSize}
 * (default 25%, at least one store). Empty partitions are dropped. Pure.
 */
public final class WavePlanner {
    static final Quantity DEFAULT_AUTO_SIZE = new Quantity(25, true);

    public static List<Wave> plan(RolloutSpec spec, List<TargetStore> stores, ClusterGroups groups) throws SpecException {
        var left = new ArrayList<>(stores);
        left.sort(Comparator.comparing(TargetStore::id));
        var waves = new ArrayList<Wave>();
        if (spec.canary() != null) {
            add(waves, spec.canary(), take(spec.canary(), left, groups), spec);
        }
        for (var partition : spec.partitions()) {
            add(waves, partition, take(partition, left, groups), spec);
        }
        if (!left.isEmpty()) {
            var total = left.size();
            var size = Math.max(1, (spec.autoPartitionSize() == null ? DEFAULT_AUTO_SIZE : spec.autoPartitionSize()).of(total));
            if (spec.canary() == null && spec.partitions().isEmpty() && spec.autoPartitionSize() == null) {
                size = total; // only windows or gates were asked for: one wave
            }
            int n = 1;
            for (int from = 0; from < total; from += size) {
                var chunk = left.subList(from, Math.min(total, from + size)).stream().map(TargetStore::id).toList();
                var name = "auto-" + n++;
                waves.add(new Wave(waves.size(), name, chunk, unavailable(null, spec, chunk.size())));
            }
        }
        return waves;
    }

    private static List<String> take(RolloutSpec.Partition partition, List<TargetStore> left, ClusterGroups groups) throws SpecException {
        var taken = new LinkedHashSet<TargetStore>();
        boolean bySize = partition.size() != null && partition.clusterName() == null && partition.clusterSelector() == null
                && partition.clusterGroup() == null;
        for (var store : left) {
            if (bySize ? taken.size() < partition.size() : matches(partition, store, groups)) {
                taken.add(store);
            }
            if (partition.size() != null && taken.size() >= partition.size()) {
                break;
            }
        }
        left.removeAll(taken);
        return taken.stream().map(TargetStore::id).toList();
    }

    static boolean matches(RolloutSpec.Partition p, TargetStore store, ClusterGroups groups) throws SpecException {
        if (p.clusterName() != null && p.clusterName().equals(store.id())) {
            return true;
        }
        if (p.clusterSelector() != null && p.clusterSelector().matches(store.selectorLabels())) {
            return true;
        }
        return p.clusterGroup() != null && groups.contains(p.clusterGroup(), store);
    }

    private static void add(List<Wave> waves, RolloutSpec.Partition partition, List<String> stores, RolloutSpec spec) {
        if (!stores.isEmpty()) {
            waves.add(new Wave(waves.size(), partition.name(), stores, unavailable(partition, spec, stores.size())));
        }
    }

    private static int unavailable(RolloutSpec.Partition partition, RolloutSpec spec, int size) {
        var q = partition != null && partition.maxUnavailable() != null ? partition.maxUnavailable() : spec.maxUnavailable();
        return q == null ? 0 : q.of(size);
    }

    private WavePlanner() {
    }
}

package io.storefleet.planner.git;

import java.util.Map;
import java.util.Set;

/**
 * The files of one commit that planning needs, in memory.
 *
 * @param files     repo path → content
 * @param oversized repo path → size of the wanted files left out for exceeding the size limit
 */
public record GitTree(String sha, Map<String, byte[]> files, Map<String, Long> oversized) {
    public GitTree {
        files = Map.copyOf(files);
        oversized = Map.copyOf(oversized);
    }

    /** Every wanted path, including the oversized ones. */
    public Set<String> paths() {
        var paths = new java.util.HashSet<>(files.keySet());
        paths.addAll(oversized.keySet());
        return paths;
    }
}

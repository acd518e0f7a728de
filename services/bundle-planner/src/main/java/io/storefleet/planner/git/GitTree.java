package io.storefleet.planner.git;

import java.util.Map;
import java.util.Set;

/**
 * The files of one commit that planning needs, in memory.
 *
 * @param files repo path → content
 */
public record GitTree(String sha, Map<String, byte[]> files) {
    public GitTree {
        files = Map.copyOf(files);
    }

    public Set<String> paths() {
        return files.keySet();
    }
}

package io.storefleet.planner.domain;

import java.util.List;

/**
 * A folder of the repo that deploys as one unit.
 *
 * @param name      folder path with {@code /} replaced by {@code -}; the repo id for the root folder
 * @param dir       folder path inside the repo, {@code ""} for the root
 * @param fleetYaml path of its fleet.yaml, or null for a raw YAML bundle or a chart folder without one
 * @param files     its manifest files (repo paths), sorted
 */
public record Bundle(String name, String dir, String fleetYaml, List<String> files) {
    public Bundle {
        files = List.copyOf(files);
    }

    public boolean isRaw() {
        return fleetYaml == null;
    }
}

package io.storefleet.planner.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the bundles of a commit from its file paths alone. A folder with a {@code fleet.yaml} is a bundle owning every
 * YAML file below it, except fleet.yaml itself, files of nested bundles and files in {@code overlays/} folders. A
 * folder with YAML files and no fleet.yaml above it is a raw bundle of exactly those files. Dot-folders, dot-files
 * and non-YAML files are ignored. A folder with a {@code Chart.yaml} and no fleet.yaml above it is a Helm bundle
 * owning everything below it; {@code fleet/groups.yaml} defines cluster groups and is no bundle.
 */
public final class BundleDiscovery {
    public static final String FLEET_YAML = "fleet.yaml";
    public static final String CHART_YAML = "Chart.yaml";
    private static final String OVERLAYS = "overlays";

    public static List<Bundle> discover(String repoId, Collection<String> paths) {
        TreeSet<String> yamlFiles = paths.stream().filter(BundleDiscovery::isYaml).filter(p -> !isHidden(p))
                .collect(TreeSet<String>::new, Set::add, Set::addAll);
        yamlFiles.remove(ClusterGroups.PATH);
        var fleetYamlDirs = new TreeSet<String>();
        yamlFiles.stream().filter(p -> fileName(p).equals(FLEET_YAML)).map(BundleDiscovery::dirOf).forEach(fleetYamlDirs::add);
        // a Helm chart folder is a bundle of its own (as in Fleet) unless a fleet.yaml above it owns it
        var fleetDirs = new TreeSet<String>(fleetYamlDirs);
        yamlFiles.stream().filter(p -> fileName(p).equals(CHART_YAML)).map(BundleDiscovery::dirOf)
                .filter(dir -> nearestFleetDir(dir, fleetYamlDirs).isEmpty()).forEach(fleetDirs::add);

        Map<String, List<String>> fleetBundles = new TreeMap<>();
        fleetDirs.forEach(dir -> fleetBundles.put(dir, new ArrayList<>()));
        Map<String, List<String>> rawBundles = new TreeMap<>();
        for (var path : yamlFiles) {
            var dir = dirOf(path);
            var owner = nearestFleetDir(dir, fleetDirs);
            if (owner.isEmpty()) {
                rawBundles.computeIfAbsent(dir, d -> new ArrayList<>()).add(path);
            } else if (!path.equals(join(owner.get(), FLEET_YAML)) && !inOverlays(relative(dir, owner.get()))) {
                fleetBundles.get(owner.get()).add(path);
            }
        }

        var bundles = new ArrayList<Bundle>();
        fleetBundles.forEach((dir, files) -> bundles.add(new Bundle(name(repoId, dir), dir,
                fleetYamlDirs.contains(dir) ? join(dir, FLEET_YAML) : null, files)));
        rawBundles.forEach((dir, files) -> bundles.add(new Bundle(name(repoId, dir), dir, null, files)));
        bundles.sort(Comparator.comparing(Bundle::name).thenComparing(Bundle::dir));
        return List.copyOf(bundles);
    }

    static String name(String repoId, String dir) {
        return dir.isEmpty() ? repoId : dir.replace('/', '-');
    }

    static boolean isYaml(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }

    private static boolean isHidden(String path) {
        for (var segment : path.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> nearestFleetDir(String dir, Set<String> fleetDirs) {
        for (var d = dir; ; d = dirOf(d)) {
            if (fleetDirs.contains(d)) {
                return Optional.of(d);
            }
            if (d.isEmpty()) {
                return Optional.empty();
            }
        }
    }

    private static boolean inOverlays(String relativeDir) {
        return !relativeDir.isEmpty() && List.of(relativeDir.split("/")).contains(OVERLAYS);
    }

    private static String relative(String dir, String ancestor) {
        return ancestor.isEmpty() ? dir : dir.equals(ancestor) ? "" : dir.substring(ancestor.length() + 1);
    }

    static String dirOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String join(String dir, String file) {
        return dir.isEmpty() ? file : dir + "/" + file;
    }

    private BundleDiscovery() {
    }
}

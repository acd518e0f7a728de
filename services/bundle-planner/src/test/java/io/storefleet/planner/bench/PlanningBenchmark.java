package io.storefleet.planner.bench;

import io.storefleet.model.BundleSigning;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventMeta;
import io.storefleet.model.Person;
import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.DeploymentPlanner;
import io.storefleet.planner.domain.PlannedState;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.render.LocalToolchain;
import io.storefleet.planner.testing.RepoFiles;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures, not a test: render + plan (+ sign) one commit of 5 bundles (2 Helm, 1 kustomize, 2 raw) for N stores
 * with 50 distinct value sets. Run: {@code java -cp <test classpath> io.storefleet.planner.bench.PlanningBenchmark 10000}
 * from services/bundle-planner.
 */
public final class PlanningBenchmark {

    public static void main(String[] args) {
        int storeCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        var files = files();
        var stores = new ArrayList<TargetStore>(storeCount);
        var regions = List.of("east", "west", "central", "north", "south");
        for (int i = 0; i < storeCount; i++) {
            stores.add(new TargetStore("store-%05d".formatted(i), regions.get(i % 5), "UTC", i % 7 == 0 ? "hyper" : "express",
                    Map.of("valueset", "vs-" + (i % 50))));
        }
        var key = BundleSigning.generateKeyPair().getPrivate();
        var commit = new CommitDetected(EventMeta.of("git-watcher", "bench"), "bench", "/tmp/bench", "main",
                "0123456789abcdef0123456789abcdef01234567", null, new Person("a", "a@x"), new Person("a", "a@x"), "bench",
                Instant.EPOCH, List.of(), "unsigned");
        var renderer = new BundleRenderer(new LocalToolchain(null));
        for (int round = 1; round <= 2; round++) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            var bundles = BundleDiscovery.discover("bench", files.keySet());
            var groups = ClusterGroups.parse(files.get(ClusterGroups.PATH));
            var results = new ArrayList<RenderResult>();
            int renders = 0;
            for (var bundle : bundles) {
                var result = renderer.plan(bundle, files, stores, groups);
                if (result instanceof RenderResult.Failed failed) {
                    throw new IllegalStateException(failed.toString());
                }
                renders += ((RenderResult.Targeted) result).renders();
                results.add(result);
            }
            long rendered = System.nanoTime();
            var plan = DeploymentPlanner.plan(commit, stores.stream().map(TargetStore::id).toList(), results, PlannedState.NONE, key,
                    Instant.now());
            long planned = System.nanoTime();
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("round %d: %d stores, %d bundles, %d distinct renders, %d signed deployments; render+target %d ms, "
                            + "plan+sign %d ms, total %d ms; peak heap %d MB%n", round, storeCount, bundles.size(), renders,
                    plan.deployments().size(), (rendered - start) / 1_000_000, (planned - rendered) / 1_000_000,
                    (planned - start) / 1_000_000, peak / (1024 * 1024));
        }
    }

    /** The examples' chart and kustomization, as 5 bundles whose values vary by a 50-valued label. */
    static Map<String, byte[]> files() {
        var examples = RepoFiles.read(RepoFiles.EXAMPLES);
        var files = new TreeMap<String, byte[]>();
        examples.forEach((path, content) -> {
            if (path.startsWith("pos-helm/chart/")) {
                files.put(path.replace("pos-helm/", "helm-a/"), content);
                files.put(path.replace("pos-helm/", "helm-b/"), content);
            } else if (path.startsWith("kiosk-kustomize/") || path.startsWith("signage-raw/") || path.startsWith("fleet/")) {
                files.put(path, content);
            }
        });
        put(files, "helm-a/fleet.yaml", "defaultNamespace: pos\nhelm:\n  chart: ./chart\n  values:\n    store:\n"
                + "      id: ${ .Store.labels.valueset }\n");
        put(files, "helm-b/fleet.yaml", "defaultNamespace: scale\nhelm:\n  chart: ./chart\n  releaseName: scale\n"
                + "targetCustomizations:\n- name: hypers\n  clusterSelector:\n    matchLabels: {format: hyper}\n"
                + "  helm:\n    values:\n      replicas: 3\n");
        put(files, "price-tags/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: price-tags\ndata:\n  refresh: 60s\n");
        return files;
    }

    private static void put(Map<String, byte[]> files, String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private PlanningBenchmark() {
    }
}

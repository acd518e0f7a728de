package io.storefleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.storefleet.infra.Postgres;
import io.storefleet.model.BundleSigning;
import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.DeploymentPlanner;
import io.storefleet.planner.domain.PlannedState;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.render.LocalToolchain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code ./storefleet plan DIR}: what the planner would do with the bundles in DIR for the stores in the inventory,
 * against what it last planned (its {@code planned_deployments} table) — before anything is pushed or applied.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Preview a commit: per bundle, how many stores get which deployment id, and which are new, changed,",
                "unchanged or removed against what the planner last planned. Reads the stores and planned_deployments tables."})
public final class PlanCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "DIR", description = "the repo checkout (its files as they are now)")
    Path dir;

    @Option(names = "--database", description = "Postgres database with the stores table; default: ${DEFAULT-VALUE}")
    String database = "storefleet_demo";

    @Option(names = "--repo", paramLabel = "ID", description = "the repo id the planner knows it by; default: DIR's name")
    String repo;

    private final PrintStream out;
    private final PrintStream err;

    public PlanCommand() {
        this(System.out, System.err);
    }

    PlanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            err.println("plan: " + dir + " is not a directory");
            return 2;
        }
        var repoId = repo != null ? repo : dir.toAbsolutePath().normalize().getFileName().toString();
        List<TargetStore> stores;
        Map<PlannedState.Key, String> previous;
        try (var c = Postgres.connect(database)) {
            stores = stores(c);
            previous = previous(c, repoId);
        } catch (SQLException e) {
            err.println("plan: cannot read database " + database + ": " + e.getMessage());
            return 2;
        }
        var files = RenderCommand.read(dir);
        var renderer = new BundleRenderer(new LocalToolchain(null));
        var groups = ClusterGroups.parse(files.get(ClusterGroups.PATH));
        var results = new ArrayList<RenderResult>();
        for (var bundle : BundleDiscovery.discover(repoId, files.keySet())) {
            results.add(renderer.plan(bundle, files, stores, groups));
        }
        // a throwaway key: the preview's events are never sent
        var plan = DeploymentPlanner.plan(repoId, "preview", "preview", stores.stream().map(TargetStore::id).toList(), results,
                previous, BundleSigning.generateKeyPair().getPrivate(), Instant.now());

        out.printf("repo %s: %d stores, %d bundles, %d to deploy, %d unchanged, %d to remove, %d failed%n", repoId, stores.size(),
                results.size(), plan.deployments().size(), plan.unchanged(), plan.removals().size(), plan.failures().size());
        var bundles = new TreeMap<String, List<String>>();
        for (var result : results) {
            var name = result.bundle().name();
            var lines = bundles.computeIfAbsent(name, n -> new ArrayList<>());
            if (result instanceof RenderResult.Failed failed) {
                lines.add("FAILED " + failed.reason() + " at " + failed.file() + (failed.line() == null ? "" : ":" + failed.line())
                        + ": " + failed.detail());
                continue;
            }
            var byId = new TreeMap<String, int[]>(); // id → {stores, new, changed}
            plan.state().forEach((key, id) -> {
                if (key.bundle().equals(name)) {
                    var counts = byId.computeIfAbsent(id, i -> new int[3]);
                    counts[0]++;
                    var before = previous.get(key);
                    if (before == null) {
                        counts[1]++;
                    } else if (!before.equals(id)) {
                        counts[2]++;
                    }
                }
            });
            byId.forEach((id, counts) -> lines.add("%s  %d stores (%d new, %d changed, %d unchanged)".formatted(id, counts[0],
                    counts[1], counts[2], counts[0] - counts[1] - counts[2])));
            if (result instanceof RenderResult.Targeted targeted) {
                targeted.warnings().forEach(w -> lines.add("warning: " + w));
            }
        }
        plan.removals().forEach(r -> bundles.computeIfAbsent(r.bundle(), n -> new ArrayList<>()));
        bundles.forEach((name, lines) -> {
            long removed = plan.removals().stream().filter(r -> r.bundle().equals(name)).count();
            out.println("bundle " + name + (removed > 0 ? ": " + removed + " stores to remove" : ""));
            lines.forEach(line -> out.println("  " + line));
        });
        return plan.failures().isEmpty() ? 0 : 1;
    }

    private static List<TargetStore> stores(Connection c) throws SQLException {
        var stores = new ArrayList<TargetStore>();
        try (var s = c.createStatement();
             var rows = s.executeQuery("SELECT id, region, timezone, format, labels::text FROM stores WHERE enrolled ORDER BY id")) {
            while (rows.next()) {
                var labels = new TreeMap<String, String>();
                try {
                    JSON.readTree(rows.getString(5)).fields().forEachRemaining(f -> {
                        if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                            labels.put(f.getKey(), f.getValue().asText());
                        }
                    });
                } catch (IOException e) {
                    throw new SQLException("store " + rows.getString(1) + " has unreadable labels", e);
                }
                stores.add(new TargetStore(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), labels));
            }
        }
        return stores;
    }

    /** Empty when the planner has not run against this database yet. */
    private static Map<PlannedState.Key, String> previous(Connection c, String repo) throws SQLException {
        var previous = new HashMap<PlannedState.Key, String>();
        try (var exists = c.createStatement(); var found = exists.executeQuery("SELECT to_regclass('planned_deployments') IS NOT NULL")) {
            if (!found.next() || !found.getBoolean(1)) {
                return previous;
            }
        }
        try (var s = c.prepareStatement("SELECT store_id, bundle, deployment_id FROM planned_deployments WHERE repo = ?")) {
            s.setString(1, repo);
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    previous.put(new PlannedState.Key(rows.getString(1), rows.getString(2)), rows.getString(3));
                }
            }
        }
        return previous;
    }
}

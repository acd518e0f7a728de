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
 * {@code ./storefleet plan DIR [--commit SHA]}: what the planner would do with the bundles in DIR (or in commit SHA of
 * the Git repository DIR) for the stores in the inventory, against what it last planned (its {@code planned_deployments}
 * table) — before anything is pushed or applied. Where DIR's repository holds the commit the planner last planned
 * ({@code planned_commits}), that commit is rendered too, so each change is named per object (added, changed, removed).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Preview a commit: per bundle, how many stores get which deployment id, which are new, changed,",
                "unchanged or removed against what the planner last planned, and which objects are added (+), changed (~)",
                "or removed (-). Reads the stores, planned_deployments and planned_commits tables."})
public final class PlanCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "DIR", description = "the repo checkout (its files as they are now)")
    Path dir;

    @Option(names = "--database", description = "Postgres database with the stores table; default: ${DEFAULT-VALUE}")
    String database = "storefleet_demo";

    @Option(names = "--repo", paramLabel = "ID", description = "the repo id the planner knows it by; default: DIR's name")
    String repo;

    @Option(names = "--commit", paramLabel = "SHA", description = "preview this commit (or branch, tag) of the Git repository "
            + "DIR instead of DIR's files as they are now")
    String commit;

    /** Objects named per change before the rest is counted. */
    private static final int NAMED = 8;

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
        String baseCommit;
        try (var c = Postgres.connect(database)) {
            stores = stores(c);
            previous = previous(c, repoId);
            baseCommit = lastPlannedCommit(c, repoId);
        } catch (SQLException e) {
            err.println("plan: cannot read database " + database + ": " + e.getMessage());
            return 2;
        }
        Map<String, byte[]> files;
        if (commit != null) {
            files = GitFiles.at(dir, commit);
            if (files == null) {
                err.println("plan: " + commit + " is not a commit of a Git repository at " + dir);
                return 2;
            }
        } else {
            files = RenderCommand.read(dir);
        }
        var renderer = new BundleRenderer(new LocalToolchain(null));
        var results = render(renderer, repoId, files, stores);
        // a throwaway key: the preview's events are never sent
        var plan = DeploymentPlanner.plan(repoId, "preview", "preview", stores.stream().map(TargetStore::id).toList(), results,
                previous, BundleSigning.generateKeyPair().getPrivate(), Instant.now());
        // what the stores run now, as manifests: the planner's last commit rendered again for the same stores
        var manifests = new HashMap<String, String>();
        var baseFiles = baseCommit == null ? null : GitFiles.at(dir, baseCommit);
        if (baseFiles != null) {
            render(renderer, repoId, baseFiles, stores).forEach(result -> collect(result, manifests));
        }
        results.forEach(result -> collect(result, manifests));

        out.printf("repo %s%s: %d stores, %d bundles, %d to deploy, %d unchanged, %d to remove, %d failed%n", repoId,
                commit == null ? "" : " at " + commit, stores.size(), results.size(), plan.deployments().size(), plan.unchanged(),
                plan.removals().size(), plan.failures().size());
        if (baseCommit == null) {
            out.println("(no commit planned yet for " + repoId + ": every deployment is new)");
        } else if (baseFiles == null) {
            out.println("(the last planned commit " + baseCommit + " is not in " + dir + ": object changes not shown)");
        } else {
            out.println("against the last planned commit " + baseCommit);
        }
        var bundles = new TreeMap<String, List<String>>();
        for (var result : results) {
            var name = result.bundle().name();
            var lines = bundles.computeIfAbsent(name, n -> new ArrayList<>());
            if (result instanceof RenderResult.Failed failed) {
                lines.add("FAILED " + describe(failed));
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
            byId.forEach((id, counts) -> {
                lines.add("%s  %d stores (%d new, %d changed, %d unchanged)".formatted(id, counts[0],
                        counts[1], counts[2], counts[0] - counts[1] - counts[2]));
                transitions(plan.state(), previous, name, id).forEach((before, count) -> lines.add("  "
                        + (before.isEmpty() ? "new" : "from " + before) + " (" + count + " stores): "
                        + change(manifests, before.isEmpty() ? "" : manifests.get(before), manifests.get(id))));
            });
            if (result instanceof RenderResult.Targeted targeted) {
                targeted.failures().entrySet().stream().limit(NAMED).forEach(e -> lines.add("FAILED for store " + e.getKey()
                        + " (it keeps what it runs): " + describe(e.getValue())));
                if (targeted.failures().size() > NAMED) {
                    lines.add("FAILED for " + (targeted.failures().size() - NAMED) + " more stores");
                }
                targeted.warnings().forEach(w -> lines.add("warning: " + w));
            }
        }
        plan.removals().forEach(r -> bundles.computeIfAbsent(r.bundle(), n -> new ArrayList<>()));
        bundles.forEach((name, lines) -> {
            var removed = plan.removals().stream().filter(r -> r.bundle().equals(name)).toList();
            out.println("bundle " + name + (removed.isEmpty() ? "" : ": " + removed.size() + " stores to remove"));
            lines.forEach(line -> out.println("  " + line));
            removed.stream().map(r -> previous.get(new PlannedState.Key(r.storeId(), name))).distinct().sorted().forEach(before ->
                    out.println("  removed from " + before + ": " + change(manifests, manifests.get(before), "")));
        });
        return plan.failures().isEmpty() ? 0 : 1;
    }

    private static List<RenderResult> render(BundleRenderer renderer, String repoId, Map<String, byte[]> files,
                                             List<TargetStore> stores) {
        var groups = ClusterGroups.parse(files.get(ClusterGroups.PATH));
        var results = new ArrayList<RenderResult>();
        for (var bundle : BundleDiscovery.discover(repoId, files.keySet())) {
            results.add(renderer.plan(bundle, files, stores, groups));
        }
        return results;
    }

    /** Deployment id → canonical manifests of every rendering in {@code result}. */
    private static void collect(RenderResult result, Map<String, String> manifests) {
        if (result instanceof RenderResult.Targeted targeted) {
            targeted.byStore().values().forEach(r -> manifests.putIfAbsent(r.deploymentId(), r.manifests()));
        } else if (result instanceof RenderResult.Rendered rendered) {
            manifests.putIfAbsent(rendered.deploymentId(), rendered.manifests());
        }
    }

    /** For the stores of {@code bundle} that get {@code id}: what they had before ("" = nothing) → how many stores. */
    private static Map<String, Integer> transitions(Map<PlannedState.Key, String> state, Map<PlannedState.Key, String> previous,
                                                    String bundle, String id) {
        var out = new TreeMap<String, Integer>();
        state.forEach((key, planned) -> {
            var before = previous.get(key);
            if (key.bundle().equals(bundle) && planned.equals(id) && !planned.equals(before)) {
                out.merge(before == null ? "" : before, 1, Integer::sum);
            }
        });
        return out;
    }

    /** The object-level change between two deployments; null manifests = not known (its commit is not rendered here). */
    private static String change(Map<String, String> manifests, String before, String after) {
        if (before == null || after == null) {
            return "objects not known (the deployment was not rendered from this repository)";
        }
        return ObjectDiff.between(before, after).summary(NAMED);
    }

    private static String describe(RenderResult.Failed failed) {
        return failed.reason() + " at " + failed.file() + (failed.line() == null ? "" : ":" + failed.line()) + ": " + failed.detail();
    }

    /** The commit the planner planned last for {@code repo}; null when none (or the planner never ran here). */
    private static String lastPlannedCommit(Connection c, String repo) throws SQLException {
        try (var exists = c.createStatement(); var found = exists.executeQuery("SELECT to_regclass('planned_commits') IS NOT NULL")) {
            if (!found.next() || !found.getBoolean(1)) {
                return null;
            }
        }
        try (var s = c.prepareStatement("SELECT commit_sha FROM planned_commits WHERE repo = ?")) {
            s.setString(1, repo);
            try (var rows = s.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
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

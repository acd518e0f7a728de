package io.storefleet.planner.service;

import io.storefleet.planner.domain.Bundle;
import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.CommitPlan;
import io.storefleet.planner.domain.DeploymentPlanner;
import io.storefleet.planner.domain.PlannedState;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.domain.Toolchain;
import io.storefleet.planner.domain.rollout.RolloutSpec;
import io.storefleet.planner.git.GitReadException;
import io.storefleet.planner.git.GitTree;
import io.storefleet.planner.git.RepoMirror;
import io.storefleet.planner.inventory.InventoryUnavailableException;
import io.storefleet.planner.inventory.StoreChange;
import io.storefleet.planner.persistence.PlannedDeployments;
import io.storefleet.planner.signing.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans one store against the last planned commit of every repo when the inventory says it was added, relabelled or
 * removed: a new store gets every bundle that targets it with no commit, a relabelled one is re-targeted, a removed or
 * unenrolled one gets a removal per bundle. Each repo's latest tree and renderings are cached, so a burst of store
 * changes (a snapshot of 10,000 stores) renders each distinct input once.
 */
@ApplicationScoped
public class StorePlanner {
    private final RepoMirror mirror;
    private final PlannedDeployments planned;
    private final BundleRenderer renderer;
    private final SigningKeys keys;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** What one repo looks like at its last planned commit. */
    private record Snapshot(String sha, GitTree tree, List<Bundle> bundles, ClusterGroups groups,
                            Map<String, Map<String, RenderResult.Rendered>> renders, Map<String, Object> specs) {
    }

    /**
     * The plan of one store for one repo; {@code previous} is what that store had from the repo. {@code store} (null when
     * it left), {@code rollouts} (bundle → its rollout spec at this commit, for the bundles that have one) and
     * {@code groups} place the store into a running rollout's wave.
     */
    public record StorePlan(String repo, String sha, CommitPlan plan, Map<PlannedState.Key, String> previous, TargetStore store,
                            Map<String, RolloutSpec> rollouts, ClusterGroups groups) {
        public StorePlan withPlan(CommitPlan other) {
            return new StorePlan(repo, sha, other, previous, store, rollouts, groups);
        }
    }

    public StorePlanner(RepoMirror mirror, PlannedDeployments planned, Toolchain toolchain, SigningKeys keys) {
        this.mirror = mirror;
        this.planned = planned;
        this.renderer = new BundleRenderer(toolchain);
        this.keys = keys;
    }

    public List<StorePlan> plan(StoreChange change) throws InventoryUnavailableException, GitReadException {
        Map<String, Map<PlannedState.Key, String>> previousByRepo;
        List<PlannedDeployments.PlannedCommitRow> commits;
        try {
            previousByRepo = planned.loadStore(change.storeId());
            commits = planned.commits();
        } catch (SQLException e) {
            throw new InventoryUnavailableException("cannot read the planner's tables: " + e.getMessage(), e);
        }
        var plans = new ArrayList<StorePlan>();
        for (var commit : commits) {
            var previous = previousByRepo.getOrDefault(commit.repo(), Map.of());
            var results = new ArrayList<RenderResult>();
            List<String> storeIds = List.of();
            var rollouts = new HashMap<String, RolloutSpec>();
            var groups = ClusterGroups.NONE;
            if (change.store() != null) {
                storeIds = List.of(change.storeId());
                var snapshot = snapshot(commit);
                groups = snapshot.groups();
                for (var bundle : snapshot.bundles()) {
                    var read = snapshot.specs().computeIfAbsent(bundle.name(), b -> RolloutSpec.read(bundle, snapshot.tree().files()));
                    if (read instanceof RolloutSpec spec && spec.staged()) {
                        rollouts.put(bundle.name(), spec);
                    }
                    var cache = snapshot.renders().computeIfAbsent(bundle.name(), b -> new ConcurrentHashMap<>());
                    results.add(renderer.plan(bundle, snapshot.tree().files(), List.of(change.store()), snapshot.groups(), cache));
                }
            }
            var plan = DeploymentPlanner.plan(commit.repo(), commit.sha(), commit.sha() + "|inventory|" + change.trigger(),
                    storeIds, results, previous, keys.privateKey(), clock.instant());
            plans.add(new StorePlan(commit.repo(), commit.sha(), plan, previous, change.store(), rollouts, groups));
        }
        return plans;
    }

    /** Records the store's new state; call only after Kafka acknowledged the events. */
    public void remember(List<StorePlan> plans) throws SQLException {
        for (var plan : plans) {
            planned.save(plan.repo(), plan.sha(), plan.previous(), plan.plan().state());
        }
    }

    private Snapshot snapshot(PlannedDeployments.PlannedCommitRow commit) throws GitReadException {
        var snapshot = snapshots.get(commit.repo());
        if (snapshot != null && snapshot.sha().equals(commit.sha())) {
            return snapshot;
        }
        var tree = mirror.read(commit.repo(), commit.repoUrl(), commit.sha(), path -> true);
        snapshot = new Snapshot(commit.sha(), tree, BundleDiscovery.discover(commit.repo(), tree.paths()),
                ClusterGroups.parse(tree.files().get(ClusterGroups.PATH)), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        snapshots.put(commit.repo(), snapshot);
        return snapshot;
    }
}

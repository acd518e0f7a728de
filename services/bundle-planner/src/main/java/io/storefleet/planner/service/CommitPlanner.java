package io.storefleet.planner.service;

import io.storefleet.model.CommitDetected;
import io.storefleet.model.FailureReason;
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
import io.storefleet.planner.inventory.StoreInventory;
import io.storefleet.planner.persistence.PlannedDeployments;
import io.storefleet.planner.signing.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Plans one commit: read its tree, discover the bundles, target and render each for the enrolled stores (each distinct
 * rendering once), compare with what was planned before, sign. Blocking (git, JDBC, Helm, kustomize); call it from a
 * worker thread. A broken bundle becomes a PlanningFailed and the others still plan; an unreadable repo or database
 * aborts the whole commit.
 */
@ApplicationScoped
public class CommitPlanner {
    private final RepoMirror mirror;
    private final StoreInventory inventory;
    private final PlannedDeployments planned;
    private final BundleRenderer renderer;
    private final SigningKeys keys;
    private final Clock clock;

    public CommitPlanner(RepoMirror mirror, StoreInventory inventory, PlannedDeployments planned, Toolchain toolchain, SigningKeys keys) {
        this.mirror = mirror;
        this.inventory = inventory;
        this.planned = planned;
        this.renderer = new BundleRenderer(toolchain);
        this.keys = keys;
        this.clock = Clock.systemUTC();
    }

    public PlannedCommit plan(CommitDetected commit) {
        var refused = io.storefleet.model.CommitSignatureStatus.refusal(commit.signatureStatus());
        if (refused.isPresent()) {
            // the repo's signed-commits policy (checked by git-watcher) refuses it: nothing of this commit is planned
            return aborted(commit, refused.get(), new IllegalStateException("commit " + commit.sha()
                    + " refused by the repo's signed-commits policy: " + commit.signatureStatus()));
        }
        try {
            // every file: charts need their .tpl helpers and kustomizations may name any file
            var tree = mirror.read(commit.repo(), commit.repoUrl(), commit.sha(), path -> true);
            var stores = inventory.enrolledStores();
            Map<PlannedState.Key, String> previous;
            try {
                previous = planned.load(commit.repo());
            } catch (SQLException e) {
                throw new InventoryUnavailableException("cannot read table planned_deployments: " + e.getMessage(), e);
            }
            var groups = ClusterGroups.parse(tree.files().get(ClusterGroups.PATH));
            var rollouts = new java.util.HashMap<String, RolloutSpec>();
            var urgent = RolloutSpec.isUrgent(commit.message());
            var results = BundleDiscovery.discover(commit.repo(), tree.paths()).stream()
                    .map(bundle -> {
                        // a bundle with rolloutStrategy / storefleet extras goes out in waves (RolloutService)
                        var spec = RolloutSpec.read(bundle, tree.files());
                        if (spec instanceof RenderResult.Failed failed) {
                            return failed;
                        }
                        var rollout = urgent ? RolloutSpec.NONE.urgent() : (RolloutSpec) spec;
                        if (rollout.staged()) {
                            rollouts.put(bundle.name(), rollout);
                        }
                        return render(bundle, tree, stores, groups);
                    })
                    .toList();
            var storeIds = stores.stream().map(TargetStore::id).toList();
            var plan = DeploymentPlanner.plan(commit, storeIds, results, previous, keys.privateKey(), clock.instant());
            return new PlannedCommit(commit, plan, previous, null, rollouts, stores, groups);
        } catch (GitReadException e) {
            return aborted(commit, FailureReason.GitReadFailed, e);
        } catch (InventoryUnavailableException e) {
            return aborted(commit, FailureReason.InventoryUnavailable, e);
        }
    }

    /** Records what this commit planned; call only after Kafka acknowledged every event of it. */
    public void remember(PlannedCommit planned) throws SQLException {
        this.planned.save(planned.commit().repo(), planned.commit().sha(), planned.previous(), planned.plan().state());
        this.planned.saveCommit(planned.commit().repo(), planned.commit().repoUrl(), planned.commit().sha());
    }

    private RenderResult render(Bundle bundle, GitTree tree, List<TargetStore> stores, ClusterGroups groups) {
        var prefix = bundle.dir().isEmpty() ? "" : bundle.dir() + "/";
        for (var entry : tree.oversized().entrySet()) {
            if (entry.getKey().startsWith(prefix) && (bundle.files().contains(entry.getKey()) || !bundle.isRaw()
                    || entry.getKey().equals(bundle.fleetYaml()))) {
                return new RenderResult.Failed(bundle, FailureReason.YamlInvalid, entry.getKey(), null,
                        "file is " + entry.getValue() + " bytes, more than storefleet.planner.max-file-bytes allows");
            }
        }
        return renderer.plan(bundle, tree.files(), stores, groups);
    }

    private PlannedCommit aborted(CommitDetected commit, FailureReason reason, Exception cause) {
        var failed = DeploymentPlanner.commitFailed(commit, reason, cause.getMessage(), clock.instant());
        return new PlannedCommit(commit, CommitPlan.failed(failed), PlannedState.NONE,
                new PlanningAbortedException(reason, cause.getMessage(), cause));
    }
}

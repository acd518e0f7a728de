package io.storefleet.planner.service;

import io.storefleet.model.CommitDetected;
import io.storefleet.model.FailureReason;
import io.storefleet.planner.domain.Bundle;
import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.CommitPlan;
import io.storefleet.planner.domain.DeploymentPlanner;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.git.GitTree;
import io.storefleet.planner.git.GitReadException;
import io.storefleet.planner.git.RepoMirror;
import io.storefleet.planner.inventory.InventoryUnavailableException;
import io.storefleet.planner.inventory.StoreInventory;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans one commit: read its tree, discover and render every bundle once, target every enrolled store. Blocking
 * (git and JDBC); call it from a worker thread. A broken bundle becomes a PlanningFailed and the others still plan;
 * an unreadable repo or inventory aborts the whole commit.
 */
@ApplicationScoped
public class CommitPlanner {
    private final RepoMirror mirror;
    private final StoreInventory inventory;
    private final Clock clock;

    public CommitPlanner(RepoMirror mirror, StoreInventory inventory) {
        this.mirror = mirror;
        this.inventory = inventory;
        this.clock = Clock.systemUTC();
    }

    public PlannedCommit plan(CommitDetected commit) {
        try {
            var tree = mirror.read(commit.repo(), commit.repoUrl(), commit.sha(), CommitPlanner::isYaml);
            var storeIds = inventory.enrolledStoreIds();
            var results = BundleDiscovery.discover(commit.repo(), tree.paths()).stream()
                    .map(bundle -> render(bundle, tree))
                    .toList();
            return new PlannedCommit(commit, DeploymentPlanner.plan(commit, storeIds, results, clock.instant()), null);
        } catch (GitReadException e) {
            return aborted(commit, FailureReason.GitReadFailed, e);
        } catch (InventoryUnavailableException e) {
            return aborted(commit, FailureReason.InventoryUnavailable, e);
        }
    }

    private static RenderResult render(Bundle bundle, GitTree tree) {
        var files = new ArrayList<String>(bundle.files());
        if (!bundle.isRaw()) {
            files.add(bundle.fleetYaml());
        }
        for (var file : files) {
            var size = tree.oversized().get(file);
            if (size != null) {
                return new RenderResult.Failed(bundle, FailureReason.YamlInvalid, file, null,
                        "file is " + size + " bytes, more than storefleet.planner.max-file-bytes allows");
            }
        }
        return BundleRenderer.render(bundle, tree.files());
    }

    private PlannedCommit aborted(CommitDetected commit, FailureReason reason, Exception cause) {
        var failed = DeploymentPlanner.commitFailed(commit, reason, cause.getMessage(), clock.instant());
        return new PlannedCommit(commit, new CommitPlan(List.of(), List.of(failed), 0, 0),
                new PlanningAbortedException(reason, cause.getMessage(), cause));
    }

    private static boolean isYaml(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }
}

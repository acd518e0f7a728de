package io.storefleet.planner.rollout;

import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.CommitPlan;
import io.storefleet.planner.domain.DeploymentPlanner;
import io.storefleet.planner.domain.PlannedState;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.Toolchain;
import io.storefleet.planner.git.GitReadException;
import io.storefleet.planner.git.RepoMirror;
import io.storefleet.planner.inventory.InventoryUnavailableException;
import io.storefleet.planner.inventory.StoreInventory;
import io.storefleet.planner.signing.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * autoRollback: what the given stores had before a rollout, planned again from the commit before it (the same
 * rendering gives the same content-addressed deployment id, so the agents go back to exactly what they ran). A bundle
 * the earlier commit did not have, or did not target at a store, becomes a removal. Nothing is rolled back outside
 * Git's history.
 */
@ApplicationScoped
public class PreviousDeployments {
    private final RepoMirror mirror;
    private final StoreInventory inventory;
    private final BundleRenderer renderer;
    private final SigningKeys keys;

    public PreviousDeployments(RepoMirror mirror, StoreInventory inventory, Toolchain toolchain, SigningKeys keys) {
        this.mirror = mirror;
        this.inventory = inventory;
        this.renderer = new BundleRenderer(toolchain);
        this.keys = keys;
    }

    /**
     * @param current what the stores were given by the rollout: (store, bundle) → deployment id
     * @param idBase  names the rollback, so its events get ids of their own
     */
    public CommitPlan plan(RolloutRow rollout, Map<PlannedState.Key, String> current, String idBase, Instant now)
            throws GitReadException, InventoryUnavailableException {
        var storeIds = new ArrayList<String>();
        current.keySet().forEach(k -> storeIds.add(k.storeId()));
        var results = new ArrayList<RenderResult>();
        if (rollout.previousSha() != null) {
            var tree = mirror.read(rollout.repo(), rollout.repoUrl(), rollout.previousSha(), path -> true);
            var stores = inventory.enrolledStores().stream().filter(s -> storeIds.contains(s.id())).toList();
            var groups = ClusterGroups.parse(tree.files().get(ClusterGroups.PATH));
            for (var bundle : BundleDiscovery.discover(rollout.repo(), tree.paths())) {
                if (bundle.name().equals(rollout.bundle())) {
                    results.add(renderer.plan(bundle, tree.files(), stores, groups));
                }
            }
        }
        var sha = rollout.previousSha() == null ? rollout.commit() : rollout.previousSha();
        return DeploymentPlanner.plan(rollout.repo(), sha, idBase, storeIds, results, current, keys.privateKey(), now);
    }

    static Map<PlannedState.Key, String> current(Collection<TargetRow> targets) {
        var map = new HashMap<PlannedState.Key, String>();
        targets.forEach(t -> map.put(new PlannedState.Key(t.storeId(), t.bundle()), t.deploymentId()));
        return map;
    }
}

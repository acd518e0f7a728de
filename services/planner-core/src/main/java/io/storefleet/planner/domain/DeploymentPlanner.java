package io.storefleet.planner.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FailureReason;
import io.storefleet.model.ManifestCodec;
import io.storefleet.model.PlanningFailed;
import io.storefleet.planner.domain.PlannedState.Key;
import io.storefleet.planner.domain.RenderResult.Failed;
import io.storefleet.planner.domain.RenderResult.Rendered;
import io.storefleet.planner.domain.RenderResult.Targeted;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns rendered bundles into events against what was planned before: a signed deployment per (store, bundle) whose
 * deployment id changed, a removal per (store, bundle) no longer targeted, one failure per broken bundle. A broken
 * bundle keeps what its stores had: nothing is removed because a commit broke it.
 */
public final class DeploymentPlanner {
    public static final String SOURCE = "bundle-planner";

    /**
     * @param storeIds stores a {@link Rendered} (untargeted) result goes to
     * @param previous what was planned before for this repo ({@link PlannedState#NONE} the first time)
     * @param key      signs every deployment (required: desired state is never shipped unsigned)
     */
    public static CommitPlan plan(CommitDetected commit, List<String> storeIds, List<RenderResult> results,
                                  Map<Key, String> previous, PrivateKey key, Instant now) {
        return plan(commit.repo(), commit.sha(), commit.sha(), storeIds, results, previous, key, now);
    }

    /**
     * The same for a plan another trigger than a commit started (a store added or relabelled): {@code idBase} names
     * that trigger, so its events get ids of their own while {@code commit} still says which commit they come from.
     */
    public static CommitPlan plan(String repo, String commitSha, String idBase, List<String> storeIds, List<RenderResult> results,
                                  Map<Key, String> previous, PrivateKey key, Instant now) {
        var signer = new DeploymentSigner(java.util.Objects.requireNonNull(key, "deployments are always signed"));
        var deployments = new ArrayList<BundleDeploymentPlanned>();
        var failures = new ArrayList<PlanningFailed>();
        var state = new HashMap<Key, String>();
        var failedBundles = new HashSet<String>();
        var warnings = new TreeMap<String, List<String>>();
        var packed = new IdentityHashMap<Rendered, String>();
        int unchanged = 0;
        int renders = 0;
        for (var result : results) {
            var bundle = result.bundle().name();
            Map<String, Rendered> byStore;
            if (result instanceof Failed failed) {
                failedBundles.add(bundle);
                failures.add(new PlanningFailed(
                        meta(EventIds.planningFailed(idBase, bundle, failed.reason()), repo, now),
                        repo, commitSha, bundle, failed.reason(), failed.file(), failed.line(), failed.detail()));
                continue;
            } else if (result instanceof Targeted targeted) {
                byStore = targeted.byStore();
                renders += targeted.renders();
                if (!targeted.warnings().isEmpty()) {
                    warnings.put(bundle, targeted.warnings());
                }
                targeted.failures().forEach((storeId, failed) -> {
                    // only this store's inputs break the bundle: it keeps what it runs, the other stores roll out
                    var stateKey = new Key(storeId, bundle);
                    if (previous.containsKey(stateKey)) {
                        state.put(stateKey, previous.get(stateKey));
                    }
                    failures.add(new PlanningFailed(
                            meta(EventIds.planningFailed(idBase, bundle, storeId, failed.reason()), repo, now),
                            repo, commitSha, bundle, failed.reason(), failed.file(), failed.line(), failed.detail(), storeId));
                });
            } else {
                var rendered = (Rendered) result;
                byStore = new HashMap<>();
                storeIds.forEach(store -> byStore.put(store, rendered));
                renders++;
            }
            for (var entry : byStore.entrySet()) {
                var storeId = entry.getKey();
                var rendered = entry.getValue();
                var stateKey = new Key(storeId, bundle);
                state.put(stateKey, rendered.deploymentId());
                if (rendered.deploymentId().equals(previous.get(stateKey))) {
                    unchanged++;
                    continue;
                }
                var id = EventIds.deployment(idBase, storeId, bundle, rendered.deploymentId());
                var manifests = packed.computeIfAbsent(rendered, r -> ManifestCodec.pack(r.manifests()));
                var deployment = new BundleDeploymentPlanned(meta(id, storeId, now), rendered.deploymentId(), storeId,
                        bundle, repo, commitSha, rendered.contentHash(), manifests, rendered.options(), null, null);
                deployments.add(deployment);
            }
        }
        warnUnknownDependencies(results, warnings);
        var removals = new ArrayList<BundleDeploymentRemoved>();
        previous.forEach((stateKey, deploymentId) -> {
            if (failedBundles.contains(stateKey.bundle())) {
                state.put(stateKey, deploymentId);
            } else if (!state.containsKey(stateKey)) {
                removals.add(new BundleDeploymentRemoved(
                        meta(EventIds.removed(idBase, stateKey.storeId(), stateKey.bundle()), stateKey.storeId(), now),
                        stateKey.storeId(), stateKey.bundle(), repo, commitSha));
            }
        });
        // signing dominates a fleet-wide commit (~0.1-0.3 ms each); it is pure, so it uses every core
        var signed = new ArrayList<>(deployments.parallelStream().map(signer::sign).toList());
        signed.sort(java.util.Comparator.comparing(BundleDeploymentPlanned::bundle).thenComparing(BundleDeploymentPlanned::storeId));
        removals.sort(java.util.Comparator.comparing(BundleDeploymentRemoved::bundle).thenComparing(BundleDeploymentRemoved::storeId));
        return new CommitPlan(signed, removals, failures, results.size(), storeIds.size(), unchanged, renders, state, warnings);
    }

    /** A {@code dependsOn} naming no bundle of the commit would hold its bundle in every store forever: say so. */
    private static void warnUnknownDependencies(List<RenderResult> results, Map<String, List<String>> warnings) {
        var names = new HashSet<String>();
        results.forEach(r -> names.add(r.bundle().name()));
        for (var result : results) {
            if (!(result instanceof Targeted targeted)) {
                continue;
            }
            var unknown = new java.util.TreeSet<String>();
            targeted.byStore().values().forEach(r -> r.options().dependencies().stream().filter(d -> !names.contains(d))
                    .forEach(unknown::add));
            if (!unknown.isEmpty()) {
                var list = new ArrayList<>(warnings.getOrDefault(result.bundle().name(), List.of()));
                unknown.forEach(d -> list.add("dependsOn names bundle " + d + ", which is not in this commit: "
                        + "stores hold this bundle until a bundle of that name is Ready there"));
                warnings.put(result.bundle().name(), List.copyOf(list));
            }
        }
    }

    /** The whole commit could not be planned (git or inventory unreadable); {@code bundle} is null. */
    public static PlanningFailed commitFailed(CommitDetected commit, FailureReason reason, String detail, Instant now) {
        return new PlanningFailed(meta(EventIds.planningFailed(commit.sha(), null, reason), commit.repo(), now), commit.repo(),
                commit.sha(), null, reason, null, null, detail);
    }

    private static EventMeta meta(String id, String subject, Instant now) {
        return new EventMeta(id, now, SOURCE, subject, EventMeta.SCHEMA_VERSION);
    }

    private DeploymentPlanner() {
    }
}

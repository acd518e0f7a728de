package io.storefleet.planner.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FailureReason;
import io.storefleet.model.ManifestCodec;
import io.storefleet.model.PlanningFailed;
import io.storefleet.planner.domain.RenderResult.Failed;
import io.storefleet.planner.domain.RenderResult.Rendered;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns rendered bundles and the targeted stores into events: one deployment per (store, bundle), one failure per broken bundle. */
public final class DeploymentPlanner {
    public static final String SOURCE = "bundle-planner";

    public static CommitPlan plan(CommitDetected commit, List<String> storeIds, List<RenderResult> results, Instant now) {
        var deployments = new ArrayList<BundleDeploymentPlanned>(storeIds.size() * results.size());
        var failures = new ArrayList<PlanningFailed>();
        for (var result : results) {
            if (result instanceof Rendered rendered) {
                var packed = ManifestCodec.pack(rendered.manifests());
                var bundle = rendered.bundle().name();
                for (var storeId : storeIds) {
                    var id = EventIds.deployment(commit.sha(), storeId, bundle, rendered.deploymentId());
                    deployments.add(new BundleDeploymentPlanned(meta(id, storeId, now), rendered.deploymentId(), storeId,
                            bundle, commit.repo(), commit.sha(), rendered.contentHash(), packed, rendered.options(), null, null));
                }
            } else if (result instanceof Failed failed) {
                failures.add(new PlanningFailed(
                        meta(EventIds.planningFailed(commit.sha(), failed.bundle().name(), failed.reason()), commit.repo(), now),
                        commit.repo(), commit.sha(), failed.bundle().name(), failed.reason(), failed.file(), failed.line(),
                        failed.detail()));
            }
        }
        return new CommitPlan(deployments, failures, results.size(), storeIds.size());
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

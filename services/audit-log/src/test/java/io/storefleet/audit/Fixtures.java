package io.storefleet.audit;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FailureReason;
import io.storefleet.model.Person;
import io.storefleet.model.PlanningFailed;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.StoreOffline;
import io.storefleet.model.StoreOnline;
import io.storefleet.model.StoreStatusReported;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Sample events; every id is fresh so tests sharing one database never collide. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static EventMeta meta(String source, String subject) {
        return new EventMeta(UUID.randomUUID().toString(), T0, source, subject, EventMeta.SCHEMA_VERSION);
    }

    public static CommitDetected commit(String repo, String sha) {
        return new CommitDetected(meta("git-watcher", repo), repo, "file:///repos/" + repo, "main", sha, "p" + sha,
                new Person("Ada", "ada@example.com"), new Person("Bot", "bot@example.com"), "change", T0,
                List.of("apps/pos/fleet.yaml"), "unsigned");
    }

    public static BundleDeploymentPlanned planned(String store, String bundle, String deploymentId, String repo,
                                                  String sha) {
        return new BundleDeploymentPlanned(meta("bundle-planner", store), deploymentId, store, bundle, repo, sha,
                "h-" + deploymentId, "", null, null, null);
    }

    public static BundleDeploymentRemoved removed(String store, String bundle, String repo, String sha) {
        return new BundleDeploymentRemoved(meta("bundle-planner", store), store, bundle, repo, sha);
    }

    public static BundleStatus status(String bundle, BundleState state, String deploymentId, String sha) {
        return new BundleStatus(bundle, state, deploymentId, sha, state == BundleState.Ready ? null : "not yet");
    }

    public static StoreStatusReported reported(String store, BundleStatus... bundles) {
        return new StoreStatusReported(meta("store-dispatcher", store), store, List.of(bundles));
    }

    public static StoreHeartbeat heartbeat(String store) {
        return new StoreHeartbeat(meta("store-dispatcher", store), store, "0.1.0", "v1.31", 1024);
    }

    public static StoreOnline online(String store) {
        return new StoreOnline(meta("store-dispatcher", store), store);
    }

    public static StoreOffline offline(String store) {
        return new StoreOffline(meta("store-dispatcher", store), store, "LastWill");
    }

    public static PlanningFailed planningFailed(String repo, String sha, String bundle) {
        return new PlanningFailed(meta("bundle-planner", repo), repo, sha, bundle, FailureReason.YamlInvalid,
                "apps/pos/fleet.yaml", 3, "bad indent");
    }

    private Fixtures() {
    }
}

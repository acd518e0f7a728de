package io.storefleet.agent.sim;

import io.storefleet.agent.core.ClusterRuntime;
import io.storefleet.agent.core.KubeObject;
import io.storefleet.agent.core.ObjectKey;
import io.storefleet.agent.core.Readiness;
import io.storefleet.agent.core.Scheduler;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * A store's cluster as a map of objects per bundle. Applies succeed at once; the bundle's objects become ready
 * after a jittered delay on the given scheduler, like pods starting, and the listener hears about it.
 */
public final class InMemoryCluster implements ClusterRuntime {
    public static final String VERSION = "v1.31.4+sim";

    private final Scheduler scheduler;
    private final DelayRange readyDelay;
    private final RandomGenerator random;
    private final Map<String, Deployed> bundles = new HashMap<>();
    private ReadinessListener listener = (bundle, deploymentId, readiness) -> { };
    private int applyCount;
    private String failApplies;
    private java.util.function.Predicate<String> failWhich = deploymentId -> true;
    private java.util.function.Predicate<String> neverReady = deploymentId -> false;

    public InMemoryCluster(Scheduler scheduler, DelayRange readyDelay, RandomGenerator random) {
        this.scheduler = scheduler;
        this.readyDelay = readyDelay;
        this.random = random;
    }

    @Override
    public CompletionStage<Void> apply(String bundle, String deploymentId, List<KubeObject> objects) {
        return apply(bundle, deploymentId, objects, true);
    }

    @Override
    public synchronized CompletionStage<Void> apply(String bundle, String deploymentId, List<KubeObject> objects,
                                                    boolean correctDrift) {
        if (failApplies != null && failWhich.test(deploymentId)) {
            return CompletableFuture.failedFuture(new IllegalStateException(failApplies));
        }
        var byKey = new LinkedHashMap<ObjectKey, Map<String, Object>>();
        objects.forEach(o -> byKey.put(o.key(), o.body()));
        // replacing the map is the prune: keys of the previous deployment that are not in this one are gone
        var deployed = new Deployed(deploymentId, Map.copyOf(byKey), correctDrift);
        bundles.put(bundle, deployed);
        applyCount++;
        scheduler.schedule(readyDelay.pick(random), () -> becomeReady(bundle, deployed));
        return CompletableFuture.completedFuture(null);
    }

    private void becomeReady(String bundle, Deployed deployed) {
        ReadinessListener notify;
        Readiness now;
        synchronized (this) {
            if (bundles.get(bundle) != deployed) {
                return; // replaced or removed before it got ready
            }
            if (neverReady.test(deployed.deploymentId)) {
                return; // fault injection: pods that never start (crash loop, image that never pulls)
            }
            deployed.ready = true;
            notify = listener;
            now = readiness(bundle); // still Modified if drift was injected and is not corrected
        }
        notify.readinessChanged(bundle, deployed.deploymentId, now);
    }

    @Override
    public synchronized CompletionStage<Void> remove(String bundle) {
        bundles.remove(bundle);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Someone changes the first object of the bundle behind the agent's back: the bundle reports {@code Modified},
     * and with correctDrift the change is reverted on the scheduler right after (like the real runtime's informer
     * and re-apply). For benchmarks of drift handling at fleet scale.
     *
     * @return false when the bundle has no objects here
     */
    public boolean injectDrift(String bundle) {
        ReadinessListener notify;
        Deployed deployed;
        Readiness modified;
        synchronized (this) {
            deployed = bundles.get(bundle);
            if (deployed == null || deployed.objects.isEmpty()) {
                return false;
            }
            var key = deployed.objects.keySet().stream().min(Comparator.comparing(ObjectKey::toString)).orElseThrow();
            deployed.drift = key + ": /metadata/annotations/simulated-drift: removed";
            modified = Readiness.modified(deployed.drift);
            notify = listener;
        }
        notify.readinessChanged(bundle, deployed.deploymentId, modified);
        if (deployed.correctDrift) {
            scheduler.schedule(Duration.ZERO, () -> correct(bundle, deployed));
        }
        return true;
    }

    private void correct(String bundle, Deployed deployed) {
        ReadinessListener notify;
        Readiness now;
        synchronized (this) {
            if (bundles.get(bundle) != deployed || deployed.drift == null) {
                return;
            }
            deployed.drift = null;
            notify = listener;
            now = readiness(bundle);
        }
        notify.readinessChanged(bundle, deployed.deploymentId, now);
    }

    @Override
    public synchronized Readiness readiness(String bundle) {
        var deployed = bundles.get(bundle);
        if (deployed != null && deployed.drift != null) {
            return Readiness.modified(deployed.drift);
        }
        if (deployed == null || deployed.ready || deployed.objects.isEmpty()) {
            return Readiness.READY;
        }
        var waiting = deployed.objects.keySet().stream().sorted(Comparator.comparing(ObjectKey::toString))
                .limit(3).map(ObjectKey::toString).toList();
        return Readiness.notReady("waiting for " + deployed.objects.size() + " objects: " + String.join(", ", waiting));
    }

    @Override
    public synchronized void onReadinessChange(ReadinessListener listener) {
        this.listener = listener;
    }

    @Override
    public String version() {
        return VERSION;
    }

    /** The bundle's objects now, keyed by identity; empty if the bundle is not deployed. */
    public synchronized Map<ObjectKey, Map<String, Object>> objects(String bundle) {
        var deployed = bundles.get(bundle);
        return deployed == null ? Map.of() : deployed.objects;
    }

    /** How many applies reached this cluster. */
    public synchronized int applyCount() {
        return applyCount;
    }

    /** Makes every later apply fail with {@code reason} (null: succeed again), to exercise ApplyFailed. */
    public synchronized void failApplies(String reason) {
        failApplies(reason, deploymentId -> true);
    }

    /** Deployments whose ids {@code which} accepts are applied but their objects never become ready (NotReady forever). */
    public synchronized void neverReady(java.util.function.Predicate<String> which) {
        this.neverReady = which;
    }

    /** Makes later applies of the deployment ids {@code which} accepts fail with {@code reason} (null: succeed again). */
    public synchronized void failApplies(String reason, java.util.function.Predicate<String> which) {
        this.failWhich = which;
        this.failApplies = reason;
    }

    private static final class Deployed {
        final String deploymentId;
        final Map<ObjectKey, Map<String, Object>> objects;
        boolean ready;

        final boolean correctDrift;
        String drift;

        Deployed(String deploymentId, Map<ObjectKey, Map<String, Object>> objects, boolean correctDrift) {
            this.deploymentId = deploymentId;
            this.objects = objects;
            this.correctDrift = correctDrift;
        }
    }
}

package io.storefleet.agent.core;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The store's cluster as the agent drives it: the in-memory model in the simulator, fabric8 + K3s in a store.
 * Objects are owned per bundle; an implementation labels them with bundle and deployment id so it can find
 * and prune them later.
 */
public interface ClusterRuntime {

    /**
     * Makes the bundle's objects equal to {@code objects}: creates or updates each (keyed by
     * apiVersion/kind/namespace/name) and deletes objects of the bundle's previous deployment that are not in it.
     * Completes exceptionally when the cluster refused the change.
     */
    CompletionStage<Void> apply(String bundle, String deploymentId, List<KubeObject> objects);

    /**
     * Like {@link #apply(String, String, List)}; with {@code correctDrift} the runtime also reverts later changes
     * made by others to the fields it applied (runtimes without drift detection ignore it).
     */
    default CompletionStage<Void> apply(String bundle, String deploymentId, List<KubeObject> objects, boolean correctDrift) {
        return apply(bundle, deploymentId, objects);
    }

    /** Deletes every object of the bundle. */
    CompletionStage<Void> remove(String bundle);

    /** Current readiness of the bundle's objects; ready when the bundle has none. */
    Readiness readiness(String bundle);

    /** Registers the one listener told when a bundle's readiness changes (the real runtime: a watch). */
    void onReadinessChange(ReadinessListener listener);

    /** Cluster version for heartbeats, e.g. {@code v1.31.4+k3s1}. */
    String version();

    @FunctionalInterface
    interface ReadinessListener {
        void readinessChanged(String bundle, String deploymentId, Readiness readiness);
    }
}

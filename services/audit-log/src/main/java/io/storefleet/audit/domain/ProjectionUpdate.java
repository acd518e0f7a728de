package io.storefleet.audit.domain;

import io.storefleet.model.BundleState;

import java.time.Instant;

/** One change to the current-fleet view tables, derived from one ledger event. */
public sealed interface ProjectionUpdate {
    String storeId();

    /** The planner wants this deployment in this store. */
    record DesiredSet(String storeId, String bundle, String deploymentId, String commit, Instant at)
            implements ProjectionUpdate {
    }

    /** The bundle no longer targets the store: its row goes away. */
    record DesiredRemoved(String storeId, String bundle) implements ProjectionUpdate {
    }

    /** The agent reports what it runs for one bundle. */
    record BundleReported(String storeId, String bundle, String deploymentId, String commit, BundleState state,
                          String message, Instant at) implements ProjectionUpdate {
    }

    /** The store said something; last_seen moves forward (never back). */
    record StoreSeen(String storeId, Instant at) implements ProjectionUpdate {
    }

    /** The broker saw the store's agent connect or go away. */
    record StoreConnectivity(String storeId, boolean online, Instant at) implements ProjectionUpdate {
    }
}

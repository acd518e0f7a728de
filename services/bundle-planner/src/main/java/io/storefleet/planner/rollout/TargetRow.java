package io.storefleet.planner.rollout;

import io.storefleet.model.BundleState;

import java.time.Instant;

/** A row of {@code rollout_targets}: one store of a rollout. */
public record TargetRow(String rolloutId, String storeId, String bundle, int wave, String deploymentId, String previousDeploymentId,
                        String event, Instant releasedAt, String heldReason, BundleState state, String message, Instant reportedAt,
                        boolean rolledBack) {
}

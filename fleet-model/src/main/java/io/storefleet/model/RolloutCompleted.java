package io.storefleet.model;

/**
 * A rollout ended.
 *
 * @param outcome {@code Completed} (every wave Ready), {@code Aborted} (operator), {@code Superseded} (a newer commit
 *                of the bundle started its own rollout)
 * @param stores  stores that received the deployment
 */
public record RolloutCompleted(EventMeta meta, String rolloutId, String repo, String commit, String bundle,
                               String outcome, int stores) implements RolloutEvent {
}

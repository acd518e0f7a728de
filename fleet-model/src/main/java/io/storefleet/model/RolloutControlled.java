package io.storefleet.model;

/**
 * An operator paused, resumed or aborted a staged rollout ({@code ./storefleet rollout pause|resume|abort}), with the
 * operator, so the ledger keeps who stopped or restarted a rollout. Sent after the rollout's state changed; an abort is
 * also followed by a {@link RolloutCompleted} with outcome {@code Aborted}.
 *
 * @param action what the operator did
 * @param actor  the operator (the token's actor)
 */
public record RolloutControlled(EventMeta meta, String rolloutId, String repo, String commit, String bundle, Action action,
                                String actor) implements RolloutEvent {

    public enum Action {
        PAUSE, RESUME, ABORT
    }
}

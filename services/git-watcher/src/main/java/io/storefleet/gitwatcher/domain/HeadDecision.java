package io.storefleet.gitwatcher.domain;

import java.util.Optional;

/** What to do with a fetched head, given the last head we emitted for that branch. */
public sealed interface HeadDecision {

    /** The head was already emitted: nothing to do. */
    record Unchanged(String head) implements HeadDecision {
    }

    /**
     * Emit one event for {@code head}.
     *
     * @param diffBase the previously emitted sha to diff against, or null on first sight of the branch
     */
    record Emit(String head, String diffBase) implements HeadDecision {
    }

    static HeadDecision decide(Optional<String> lastEmitted, String head) {
        if (head == null || head.isBlank()) {
            throw new IllegalArgumentException("head sha is required");
        }
        if (lastEmitted.isPresent() && lastEmitted.get().equals(head)) {
            return new Unchanged(head);
        }
        // Only the newest head is emitted, even if several commits landed between two checks:
        // consumers want desired state, and the diff against the last emitted head covers them all.
        return new Emit(head, lastEmitted.orElse(null));
    }
}

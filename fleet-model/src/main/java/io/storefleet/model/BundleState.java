package io.storefleet.model;

import java.util.Collection;
import java.util.Comparator;

/** Fleet's bundle states, declared worst first; {@link #worst} is the one roll-up rule for every level. */
public enum BundleState {
    ErrApplied, WaitApplied, Modified, OutOfSync, Pending, NotReady, Ready;

    /** Worst first: sorting with this puts the state that needs attention at the top. */
    public static final Comparator<BundleState> WORST_FIRST = Comparator.comparingInt(BundleState::ordinal);

    public boolean isWorseThan(BundleState other) {
        return ordinal() < other.ordinal();
    }

    /** The roll-up of many states (bundle → store → region → fleet); Ready when there is nothing to roll up. */
    public static BundleState worst(Collection<BundleState> states) {
        return states.stream().min(WORST_FIRST).orElse(Ready);
    }
}

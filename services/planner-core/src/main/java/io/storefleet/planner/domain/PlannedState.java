package io.storefleet.planner.domain;

import java.util.Map;

/** What the planner last planned for one repo: (store, bundle) → deployment id. */
public final class PlannedState {

    public record Key(String storeId, String bundle) {
    }

    public static final Map<Key, String> NONE = Map.of();

    private PlannedState() {
    }
}

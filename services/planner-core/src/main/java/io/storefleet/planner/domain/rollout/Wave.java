package io.storefleet.planner.domain.rollout;

import java.util.List;

/** One wave of a rollout: its stores (sorted) and how many of them may be not Ready when the next starts. */
public record Wave(int index, String name, List<String> stores, int maxUnavailable) {
    public Wave {
        stores = List.copyOf(stores);
    }
}

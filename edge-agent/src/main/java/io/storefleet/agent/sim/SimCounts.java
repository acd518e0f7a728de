package io.storefleet.agent.sim;

import io.storefleet.model.BundleState;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A snapshot over all simulated stores.
 *
 * @param ready   stores with at least one bundle, every bundle Ready
 * @param bundles bundle count per state, over all stores
 */
public record SimCounts(int total, int connected, int ready, Map<BundleState, Integer> bundles) {

    /** One progress line, e.g. {@code connected 1000/1000 ready 998/1000 bundles Ready=998 NotReady=2}. */
    public String line() {
        var perState = bundles.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return "connected " + connected + "/" + total + " ready " + ready + "/" + total
                + " bundles " + (perState.isEmpty() ? "-" : perState);
    }
}

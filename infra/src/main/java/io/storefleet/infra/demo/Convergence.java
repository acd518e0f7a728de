package io.storefleet.infra.demo;

import io.storefleet.model.view.StoreView;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far the fleet is on one commit: a store counts as converged when every bundle it has runs the
 * deployment planned for that commit and is Ready.
 *
 * @param byState stores per state, where a store not yet planned on the commit counts as {@code Pending}
 */
public record Convergence(int expected, int converged, Map<String, Integer> byState) {

    public static Convergence of(Collection<StoreView> stores, String commit, int expected) {
        var byState = new TreeMap<String, Integer>();
        int converged = 0;
        for (var store : stores) {
            boolean planned = !store.bundles().isEmpty() && store.bundles().stream().allMatch(b -> commit.equals(b.desiredCommit()));
            if (planned && store.bundles().stream().allMatch(b -> b.convergedOn(commit))) {
                converged++;
            }
            var state = planned ? store.state() : "Pending";
            if (Boolean.FALSE.equals(store.online())) {
                state = "Offline";
            }
            byState.merge(state == null ? "Unknown" : state, 1, Integer::sum);
        }
        int missing = expected - stores.size();
        if (missing > 0) {
            byState.merge("Unseen", missing, Integer::sum);
        }
        return new Convergence(expected, converged, byState);
    }

    public boolean done() {
        return converged >= expected;
    }

    /** e.g. {@code 37/50 Ready  (NotReady 8, Pending 5)} */
    public String summary() {
        var rest = new StringBuilder();
        byState.forEach((state, n) -> {
            if (!"Ready".equals(state)) {
                rest.append(rest.length() == 0 ? "" : ", ").append(state).append(' ').append(n);
            }
        });
        return converged + "/" + expected + " Ready" + (rest.length() == 0 ? "" : "  (" + rest + ")");
    }
}

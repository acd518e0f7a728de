package io.storefleet.agent.k8s.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * kubectl-style three-way merge without server-side apply: the JSON merge patch that takes {@code live} to
 * {@code desired} for the fields we manage. Fields we applied last time and no longer want are deleted
 * (last-applied vs desired); fields we want are set where live differs (live vs desired); everything else on the
 * live object (server defaults, fields other controllers own) is left alone. Lists are replaced whole (merge patch
 * semantics), but only when live no longer covers them, so server-defaulted list items cause no writes.
 */
public final class ThreeWayMerge {

    /**
     * @param ignored JSON pointers (e.g. {@code /spec/replicas}) that are not reverted when live already has a value
     * @return the merge patch; empty when live already matches
     */
    public static Map<String, Object> patch(Map<String, Object> lastApplied, Map<String, Object> desired,
                                            Map<String, Object> live, Set<String> ignored) {
        return patch("", lastApplied == null ? Map.of() : lastApplied, desired, live == null ? Map.of() : live, ignored);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> patch(String path, Map<String, Object> last, Map<String, Object> desired,
                                             Map<String, Object> live, Set<String> ignored) {
        var out = new LinkedHashMap<String, Object>();
        for (var key : last.keySet()) {
            if (!desired.containsKey(key) && live.containsKey(key)) {
                out.put(key, null); // we set it before and no longer want it
            }
        }
        for (var e : desired.entrySet()) {
            var key = e.getKey();
            var pointer = path + "/" + JsonValues.segment(key);
            var want = e.getValue();
            var have = live.get(key);
            if (ignored.contains(pointer) && have != null) {
                continue;
            }
            if (want instanceof Map<?, ?> wantMap && have instanceof Map<?, ?> haveMap) {
                var lastSub = last.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
                var sub = patch(pointer, lastSub, (Map<String, Object>) wantMap, (Map<String, Object>) haveMap, ignored);
                if (!sub.isEmpty()) {
                    out.put(key, sub);
                }
            } else if (!JsonValues.covers(want, have) || (want == null) != (have == null)) {
                out.put(key, want);
            }
        }
        return out;
    }

    /** RFC 7386 merge patch applied to a copy of {@code target}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> applyPatch(Map<String, Object> target, Map<String, Object> patch) {
        var out = new LinkedHashMap<>(target);
        for (var e : patch.entrySet()) {
            if (e.getValue() == null) {
                out.remove(e.getKey());
            } else if (e.getValue() instanceof Map<?, ?> sub) {
                var base = out.get(e.getKey()) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
                out.put(e.getKey(), applyPatch(base, (Map<String, Object>) sub));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private ThreeWayMerge() {
    }
}

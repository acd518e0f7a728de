package io.storefleet.agent.k8s.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed on a live object compared to what we applied. Only the fields we applied are compared, so server
 * defaults and status never count as drift; ignored JSON pointers (Fleet's {@code diff.comparePatches}) neither.
 */
public final class DriftDiff {

    /** One line per changed field, e.g. {@code /spec/replicas: 1 → 3}; empty when live matches. */
    public static List<String> diff(Map<String, Object> applied, Map<String, Object> live, Set<String> ignored) {
        return diff(applied, live, ignored, false);
    }

    /**
     * @param redactValues say only "changed", never the values: a Secret's values (opened from sealed ones) must not
     *                     reach the status message, Kafka or the ledger
     */
    public static List<String> diff(Map<String, Object> applied, Map<String, Object> live, Set<String> ignored, boolean redactValues) {
        var out = new ArrayList<String>();
        diff("", applied, live, ignored, redactValues, out);
        return out;
    }

    private static void diff(String path, Map<?, ?> applied, Map<?, ?> live, Set<String> ignored, boolean redact, List<String> out) {
        for (var e : applied.entrySet()) {
            var pointer = path + "/" + JsonValues.segment(String.valueOf(e.getKey()));
            if (ignored.contains(pointer)) {
                continue;
            }
            var want = e.getValue();
            var have = live.get(e.getKey());
            if (want instanceof Map<?, ?> wantMap && have instanceof Map<?, ?> haveMap) {
                diff(pointer, wantMap, haveMap, ignored, redact, out);
            } else if (have == null && want != null) {
                out.add(pointer + ": removed");
            } else if ((redact || want instanceof List<?>) && !JsonValues.covers(want, have)) {
                out.add(pointer + ": changed");
            } else if (!(want instanceof List<?>) && !JsonValues.covers(want, have)) {
                out.add(pointer + ": " + want + " → " + have);
            }
        }
    }

    private DriftDiff() {
    }
}

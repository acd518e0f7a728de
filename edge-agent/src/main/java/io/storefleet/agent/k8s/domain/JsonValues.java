package io.storefleet.agent.k8s.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Comparison of parsed JSON/YAML trees (maps, lists, scalars) as the API server sees them. */
final class JsonValues {

    /**
     * Whether {@code live} holds everything {@code desired} says: maps may have extra keys (server defaults),
     * lists must have the same length with each element covered, numbers compare by value (YAML 1 == JSON 1L).
     */
    static boolean covers(Object desired, Object live) {
        if (desired instanceof Map<?, ?> d) {
            if (!(live instanceof Map<?, ?> l)) {
                return false;
            }
            for (var e : d.entrySet()) {
                if (e.getValue() == null ? l.get(e.getKey()) != null : !covers(e.getValue(), l.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof List<?> d) {
            if (!(live instanceof List<?> l) || l.size() != d.size()) {
                return false;
            }
            for (int i = 0; i < d.size(); i++) {
                if (!covers(d.get(i), l.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return scalarEquals(desired, live);
    }

    static boolean scalarEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** A JSON pointer segment ({@code ~} and {@code /} escaped). */
    static String segment(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private JsonValues() {
    }
}

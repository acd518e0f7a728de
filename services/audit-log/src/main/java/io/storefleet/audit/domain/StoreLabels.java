package io.storefleet.audit.domain;

import java.util.Map;

/**
 * A store's inventory attributes the dashboard filters by, and the filter itself. Pure.
 *
 * @param region null when the store is not (yet) in the streamed inventory
 */
public record StoreLabels(String region, Map<String, String> labels) {
    public static final StoreLabels UNKNOWN = new StoreLabels(null, Map.of());

    /**
     * @param region   wanted region (case-insensitive); blank = any
     * @param selector comma-separated {@code key=value} (value compared case-insensitively) or bare {@code key}
     *                 (present); every term must hold; blank = any
     */
    public boolean matches(String region, String selector) {
        if (region != null && !region.isBlank() && !region.strip().equalsIgnoreCase(this.region)) {
            return false;
        }
        if (selector == null || selector.isBlank()) {
            return true;
        }
        for (var term : selector.split(",")) {
            var t = term.strip();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 0) {
                if (!labels.containsKey(t)) {
                    return false;
                }
            } else {
                var value = labels.get(t.substring(0, eq).strip());
                if (value == null || !value.equalsIgnoreCase(t.substring(eq + 1).strip())) {
                    return false;
                }
            }
        }
        return true;
    }
}

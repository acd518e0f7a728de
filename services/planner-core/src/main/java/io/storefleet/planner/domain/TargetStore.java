package io.storefleet.planner.domain;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What targeting and templating know about a store: its inventory columns and its labels.
 *
 * @param labels the {@code stores.labels} jsonb
 */
public record TargetStore(String id, String region, String timezone, String format, Map<String, String> labels) {
    public TargetStore {
        labels = Map.copyOf(labels);
    }

    /** The labels selectors see: the jsonb labels, plus {@code id}, {@code region}, {@code timezone}, {@code format} where the jsonb has no such key. */
    public Map<String, String> selectorLabels() {
        var all = new TreeMap<String, String>(labels);
        putAbsent(all, "id", id);
        putAbsent(all, "region", region);
        putAbsent(all, "timezone", timezone);
        putAbsent(all, "format", format);
        return all;
    }

    /** A template attribute: {@code id}, {@code region}, {@code timezone}, {@code format} or {@code labels.<key>}; empty when the store has none. */
    public Optional<String> attribute(String path) {
        if (path.startsWith("labels.")) {
            return Optional.ofNullable(labels.get(path.substring("labels.".length())));
        }
        return Optional.ofNullable(switch (path) {
            case "id" -> id;
            case "region" -> region;
            case "timezone" -> timezone;
            case "format" -> format;
            default -> null;
        });
    }

    private static void putAbsent(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isBlank()) {
            labels.putIfAbsent(key, value);
        }
    }
}

package io.storefleet.cli.bench;

import io.storefleet.model.EventCodec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bench's figures, in the order they were measured; written as JSON and printed as a table. */
public final class BenchReport {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    void put(String key, Object value) {
        fields.put(key, value instanceof Double d && d.isNaN() ? null : value);
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public long ledgerEvents() {
        return ((Number) fields.get("ledger_events")).longValue();
    }

    public long emittedEvents() {
        return ((Number) fields.get("emitted_events")).longValue();
    }

    public long ledgerMissing() {
        return ((Number) fields.get("ledger_missing")).longValue();
    }

    public long ledgerDuplicates() {
        return ((Number) fields.get("ledger_duplicates")).longValue();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> faults() {
        return (Map<String, Object>) fields.get("faults");
    }

    public void writeJson(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(fields) + "\n");
    }

    /** Two columns: figure, value; nested maps are flattened as {@code parent.child}. */
    public void printTable(PrintStream out) {
        var flat = new LinkedHashMap<String, Object>();
        flatten("", fields, flat);
        int width = flat.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.println("-".repeat(width + 30));
        flat.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v == null ? "-" : v));
        out.println("-".repeat(width + 30));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> into) {
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                flatten(prefix + k + ".", (Map<String, Object>) nested, into);
            } else {
                into.put(prefix + k, v);
            }
        });
    }
}

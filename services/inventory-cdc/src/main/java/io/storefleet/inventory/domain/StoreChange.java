package io.storefleet.inventory.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the publisher needs from one Debezium change event of the {@code stores} table (key and value as
 * schema-less JSON): the store id (the Kafka key), the operation, and where it came from in the WAL.
 *
 * @param op       c (insert), u (update), d (delete), r (snapshot read)
 * @param lsn      the change's WAL position ({@code source.lsn}); consumers dedupe by store id + lsn
 * @param sourceTsMs when the change was committed in Postgres ({@code source.ts_ms}), for the lag metric
 */
public record StoreChange(String storeId, String op, long lsn, long sourceTsMs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a change event; a key without an {@code id} or a value that is not a change event is an {@link IllegalArgumentException}. */
    public static StoreChange parse(String keyJson, String valueJson) {
        var key = read(keyJson, "key");
        var id = key.path("id");
        if (!id.isTextual() || id.asText().isBlank()) {
            throw new IllegalArgumentException("change event key has no store id: " + keyJson);
        }
        var value = read(valueJson, "value");
        var op = value.path("op");
        if (!op.isTextual()) {
            throw new IllegalArgumentException("change event value has no op");
        }
        var source = value.path("source");
        return new StoreChange(id.asText(), op.asText(), source.path("lsn").asLong(-1), source.path("ts_ms").asLong(-1));
    }

    private static JsonNode read(String json, String what) {
        if (json == null) {
            throw new IllegalArgumentException("change event " + what + " is missing");
        }
        try {
            var node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("change event " + what + " is not a JSON object: " + json);
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("change event " + what + " is not JSON: " + e.getOriginalMessage());
        }
    }
}

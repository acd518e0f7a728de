package io.storefleet.audit.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.model.EventCodec;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Debezium change event of the {@code stores} table (inventory-cdc's value format, see its README) reduced to what
 * the fleet view needs. Pure.
 *
 * @param deleted true for op {@code d}: the store left the inventory
 * @param lsn     {@code source.lsn}, so a redelivered older change cannot overwrite a newer one; null when absent
 */
public record InventoryChange(String storeId, String name, String region, String format, Map<String, String> labels,
                              Boolean enrolled, boolean deleted, Long lsn) {

    /** A payload that is not a change event of {@code stores}; the message is the dead-letter reason. */
    public static final class InvalidChangeException extends RuntimeException {
        public InvalidChangeException(String reason) {
            super(reason);
        }
    }

    /** @return empty for a tombstone (null payload), which carries nothing to apply */
    public static Optional<InventoryChange> parse(String key, String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = EventCodec.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new InvalidChangeException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("op").isTextual()) {
            throw new InvalidChangeException("not a Debezium change event (no op)");
        }
        var op = root.get("op").asText();
        var lsn = root.path("source").path("lsn");
        Long at = lsn.isNumber() ? lsn.asLong() : null;
        if (op.equals("d")) {
            var before = root.path("before");
            var id = text(before, "id").orElse(key);
            if (id == null) {
                throw new InvalidChangeException("delete without a store id");
            }
            return Optional.of(new InventoryChange(id, null, null, null, Map.of(), null, true, at));
        }
        if (!op.equals("c") && !op.equals("u") && !op.equals("r")) {
            throw new InvalidChangeException("unknown op " + op);
        }
        var after = root.path("after");
        var id = text(after, "id").orElse(null);
        if (id == null) {
            throw new InvalidChangeException("change without after.id");
        }
        var enrolled = after.path("enrolled");
        return Optional.of(new InventoryChange(id, text(after, "name").orElse(null), text(after, "region").orElse(null),
                text(after, "format").orElse(null), labels(after.path("labels")),
                enrolled.isBoolean() ? enrolled.asBoolean() : null, false, at));
    }

    /** labels is jsonb, which Debezium sends as a JSON string; an object is taken too. */
    private static Map<String, String> labels(JsonNode node) {
        JsonNode object = node;
        if (node.isTextual()) {
            try {
                object = EventCodec.mapper().readTree(node.asText());
            } catch (JsonProcessingException e) {
                throw new InvalidChangeException("labels is not a JSON object: " + e.getOriginalMessage());
            }
        }
        if (object == null || object.isNull() || object.isMissingNode()) {
            return Map.of();
        }
        if (!object.isObject()) {
            throw new InvalidChangeException("labels is not a JSON object");
        }
        var labels = new TreeMap<String, String>();
        object.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                : e.getValue().toString()));
        return labels;
    }

    private static Optional<String> text(JsonNode node, String field) {
        var value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}

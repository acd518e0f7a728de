package io.storefleet.planner.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storefleet.planner.domain.TargetStore;

import java.util.TreeMap;

/**
 * One Debezium change event of the {@code stores} table (JSON without schemas; {@code labels} jsonb arrives as a JSON string).
 *
 * @param store   the store after the change, or null when it was deleted or is no longer enrolled
 * @param trigger what identifies this change (op, LSN, time), part of the ids of the events it causes
 */
public record StoreChange(String storeId, TargetStore store, String trigger) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static StoreChange parse(String key, String payload) throws InventoryUnavailableException {
        try {
            var event = JSON.readTree(payload);
            var op = event.path("op").asText("");
            var after = event.get("after");
            var before = event.get("before");
            var source = event.path("source");
            var trigger = op + ":" + source.path("lsn").asText("") + ":" + event.path("ts_ms").asText("");
            var row = after != null && !after.isNull() ? after : before;
            var storeId = row != null && row.hasNonNull("id") ? row.get("id").asText() : key;
            if (storeId == null || storeId.isBlank()) {
                throw new IllegalArgumentException("change event without a store id");
            }
            if (after == null || after.isNull() || "d".equals(op) || !after.path("enrolled").asBoolean(true)) {
                return new StoreChange(storeId, null, trigger);
            }
            return new StoreChange(storeId, new TargetStore(storeId, text(after, "region"), text(after, "timezone"),
                    text(after, "format"), labels(storeId, after.get("labels"))), trigger);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InventoryUnavailableException("not a Debezium change event of table stores: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode row, String field) {
        var value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static java.util.Map<String, String> labels(String storeId, JsonNode labels) throws InventoryUnavailableException {
        if (labels == null || labels.isNull()) {
            return new TreeMap<>();
        }
        if (labels.isTextual()) {
            return StoreInventory.labels(storeId, labels.asText());
        }
        return StoreInventory.labels(storeId, labels.toString());
    }
}

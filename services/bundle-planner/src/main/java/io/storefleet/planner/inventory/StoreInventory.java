package io.storefleet.planner.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.storefleet.planner.domain.TargetStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the enrolled stores, with what targeting and templating need, from the {@code stores} table. */
@ApplicationScoped
public class StoreInventory {
    private static final String ENROLLED = "SELECT id, region, timezone, format, labels::text FROM stores WHERE enrolled ORDER BY id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AgroalDataSource dataSource;

    public StoreInventory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<TargetStore> enrolledStores() throws InventoryUnavailableException {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(ENROLLED);
             var rows = statement.executeQuery()) {
            var stores = new ArrayList<TargetStore>();
            while (rows.next()) {
                stores.add(new TargetStore(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        labels(rows.getString(1), rows.getString(5))));
            }
            return stores;
        } catch (SQLException e) {
            throw new InventoryUnavailableException("cannot read table stores: " + e.getMessage(), e);
        }
    }

    /** Label values are strings in selectors; a number or boolean in the jsonb is compared as its text. */
    static Map<String, String> labels(String storeId, String json) throws InventoryUnavailableException {
        var labels = new TreeMap<String, String>();
        if (json == null || json.isBlank()) {
            return labels;
        }
        try {
            var node = JSON.readTree(json);
            node.fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                    labels.put(field.getKey(), field.getValue().asText());
                }
            });
            return labels;
        } catch (JsonProcessingException e) {
            throw new InventoryUnavailableException("store " + storeId + " has unreadable labels: " + e.getOriginalMessage(), e);
        }
    }
}

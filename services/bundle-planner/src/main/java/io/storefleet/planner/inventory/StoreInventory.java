package io.storefleet.planner.inventory;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the enrolled stores from the {@code stores} table; every enrolled store is a target until targeting lands. */
@ApplicationScoped
public class StoreInventory {
    private static final String ENROLLED = "SELECT id FROM stores WHERE enrolled ORDER BY id";
    private final AgroalDataSource dataSource;

    public StoreInventory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<String> enrolledStoreIds() throws InventoryUnavailableException {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(ENROLLED);
             var rows = statement.executeQuery()) {
            var ids = new ArrayList<String>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new InventoryUnavailableException("cannot read table stores: " + e.getMessage(), e);
        }
    }
}

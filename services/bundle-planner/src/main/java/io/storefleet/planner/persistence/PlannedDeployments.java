package io.storefleet.planner.persistence;

import io.agroal.api.AgroalDataSource;
import io.storefleet.planner.domain.PlannedState.Key;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The planner's own record of what it last planned per (repo, store, bundle), in {@code planned_deployments}.
 * Written only after Kafka acknowledged the commit's events, so a crash in between replans from the old record.
 */
@ApplicationScoped
public class PlannedDeployments {
    private static final String LOAD = "SELECT store_id, bundle, deployment_id FROM planned_deployments WHERE repo = ?";
    private static final String UPSERT = "INSERT INTO planned_deployments (repo, store_id, bundle, deployment_id, commit_sha) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (repo, store_id, bundle) DO UPDATE "
            + "SET deployment_id = EXCLUDED.deployment_id, commit_sha = EXCLUDED.commit_sha, updated_at = now()";
    private static final String DELETE = "DELETE FROM planned_deployments WHERE repo = ? AND store_id = ? AND bundle = ?";
    private final AgroalDataSource dataSource;

    public PlannedDeployments(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<Key, String> load(String repo) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(LOAD)) {
            statement.setString(1, repo);
            try (var rows = statement.executeQuery()) {
                var state = new HashMap<Key, String>();
                while (rows.next()) {
                    state.put(new Key(rows.getString(1), rows.getString(2)), rows.getString(3));
                }
                return state;
            }
        }
    }

    /** Writes the difference between {@code previous} and {@code next} in one transaction. */
    public void save(String repo, String commit, Map<Key, String> previous, Map<Key, String> next) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var upsert = connection.prepareStatement(UPSERT); var delete = connection.prepareStatement(DELETE)) {
                for (var entry : next.entrySet()) {
                    if (!entry.getValue().equals(previous.get(entry.getKey()))) {
                        upsert.setString(1, repo);
                        upsert.setString(2, entry.getKey().storeId());
                        upsert.setString(3, entry.getKey().bundle());
                        upsert.setString(4, entry.getValue());
                        upsert.setString(5, commit);
                        upsert.addBatch();
                    }
                }
                for (var key : previous.keySet()) {
                    if (!next.containsKey(key)) {
                        delete.setString(1, repo);
                        delete.setString(2, key.storeId());
                        delete.setString(3, key.bundle());
                        delete.addBatch();
                    }
                }
                upsert.executeBatch();
                delete.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}

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
    private static final String LOAD_STORE = "SELECT repo, bundle, deployment_id FROM planned_deployments WHERE store_id = ?";
    private static final String SAVE_COMMIT = "INSERT INTO planned_commits (repo, repo_url, commit_sha) VALUES (?, ?, ?) "
            + "ON CONFLICT (repo) DO UPDATE SET repo_url = EXCLUDED.repo_url, commit_sha = EXCLUDED.commit_sha, updated_at = now()";
    private static final String COMMITS = "SELECT repo, repo_url, commit_sha FROM planned_commits ORDER BY repo";
    private final AgroalDataSource dataSource;

    /** The last commit planned for a repo. */
    public record PlannedCommitRow(String repo, String repoUrl, String sha) {
    }

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

    /** What one store was planned, per repo: repo → (store, bundle) → deployment id. */
    public Map<String, Map<Key, String>> loadStore(String storeId) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(LOAD_STORE)) {
            statement.setString(1, storeId);
            try (var rows = statement.executeQuery()) {
                var state = new HashMap<String, Map<Key, String>>();
                while (rows.next()) {
                    state.computeIfAbsent(rows.getString(1), r -> new HashMap<>())
                            .put(new Key(storeId, rows.getString(2)), rows.getString(3));
                }
                return state;
            }
        }
    }

    public void saveCommit(String repo, String repoUrl, String sha) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(SAVE_COMMIT)) {
            statement.setString(1, repo);
            statement.setString(2, repoUrl);
            statement.setString(3, sha);
            statement.executeUpdate();
        }
    }

    public java.util.List<PlannedCommitRow> commits() throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(COMMITS);
             var rows = statement.executeQuery()) {
            var commits = new java.util.ArrayList<PlannedCommitRow>();
            while (rows.next()) {
                commits.add(new PlannedCommitRow(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
            return commits;
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

package io.storefleet.gitwatcher.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The last head emitted per repo and branch: the watcher's only memory across restarts. */
@ApplicationScoped
public class GitHeadRepository {
    private final AgroalDataSource dataSource;

    public GitHeadRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<String> lastEmitted(String repo, String branch) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(
                     "SELECT sha FROM git_heads WHERE repo_id = ? AND branch = ?")) {
            statement.setString(1, repo);
            statement.setString(2, branch);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read git_heads for " + repo + ": " + e.getMessage(), e);
        }
    }

    public void recordEmitted(String repo, String branch, String sha, Instant emittedAt) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("""
                     INSERT INTO git_heads (repo_id, branch, sha, emitted_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT (repo_id, branch) DO UPDATE SET sha = EXCLUDED.sha, emitted_at = EXCLUDED.emitted_at
                     """)) {
            statement.setString(1, repo);
            statement.setString(2, branch);
            statement.setString(3, sha);
            statement.setTimestamp(4, Timestamp.from(emittedAt));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record head " + sha + " of " + repo + ": " + e.getMessage(), e);
        }
    }
}

package io.storefleet.gitwatcher.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The webhook requests git-watcher received: accepted delivery ids (replays are recognised) and refusals with their reason. */
@ApplicationScoped
public class WebhookDeliveries {
    public static final String ACCEPTED = "accepted";
    public static final String REPLAYED = "replayed";

    private final AgroalDataSource dataSource;

    public WebhookDeliveries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records an accepted delivery; false when this delivery id was accepted before (a replay), which is then recorded as such. */
    public boolean acceptOnce(String deliveryId, String repo, String remote) {
        if (insert(deliveryId, repo, ACCEPTED, remote, true) == 1) {
            return true;
        }
        record(deliveryId, repo, REPLAYED, remote);
        return false;
    }

    /** Records a refused or unremarkable request with its outcome. */
    public void record(String deliveryId, String repo, String outcome, String remote) {
        insert(deliveryId, repo, outcome, remote, false);
    }

    /** Number of requests recorded with this outcome (tests, diagnostics). */
    public long count(String outcome) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM webhook_deliveries WHERE outcome = ?")) {
            statement.setString(1, outcome);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count webhook deliveries: " + e.getMessage(), e);
        }
    }

    private int insert(String deliveryId, String repo, String outcome, String remote, boolean onlyOnce) {
        var sql = "INSERT INTO webhook_deliveries (delivery_id, repo_id, received_at, outcome, remote) VALUES (?, ?, ?, ?, ?)"
                + (onlyOnce ? " ON CONFLICT (delivery_id) WHERE outcome = 'accepted' DO NOTHING" : "");
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, deliveryId);
            statement.setString(2, repo);
            statement.setTimestamp(3, Timestamp.from(Instant.now()));
            statement.setString(4, outcome);
            statement.setString(5, remote);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record webhook delivery " + deliveryId + ": " + e.getMessage(), e);
        }
    }
}

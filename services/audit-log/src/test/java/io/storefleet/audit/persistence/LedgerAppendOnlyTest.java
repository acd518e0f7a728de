package io.storefleet.audit.persistence;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.audit.PostgresTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database, not the service, keeps the ledger append-only: plain JDBC cannot change a row. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class LedgerAppendOnlyTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    private String eventId;

    @BeforeEach
    void oneRow() throws SQLException {
        eventId = UUID.randomUUID().toString();
        try (var c = connect(); var st = c.prepareStatement(
                "INSERT INTO ledger (event_id, type, topic, payload) VALUES (?, 'StoreHeartbeat', 't', '{}')")) {
            st.setString(1, eventId);
            st.executeUpdate();
        }
    }

    @Test
    void updateIsRefused() throws SQLException {
        assertRefused("UPDATE ledger SET actor = 'mallory' WHERE event_id = '" + eventId + "'", "UPDATE");
    }

    @Test
    void deleteIsRefused() throws SQLException {
        assertRefused("DELETE FROM ledger WHERE event_id = '" + eventId + "'", "DELETE");
    }

    @Test
    void truncateIsRefused() throws SQLException {
        assertRefused("TRUNCATE ledger", "TRUNCATE");
    }

    @Test
    void updateMatchingNoRowIsStillRefused() throws SQLException {
        assertRefused("UPDATE ledger SET actor = 'mallory' WHERE false", "UPDATE");
    }

    private void assertRefused(String sql, String operation) throws SQLException {
        assertThatThrownBy(() -> {
            try (var c = connect(); var st = c.createStatement()) {
                st.execute(sql);
            }
        }).isInstanceOf(SQLException.class)
                .hasMessageContaining("ledger is append-only: " + operation + " refused");
        assertThat(rowCount()).isEqualTo(1);
    }

    private long rowCount() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("SELECT count(*) FROM ledger WHERE event_id = ? AND actor IS NULL")) {
            st.setString(1, eventId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }
}

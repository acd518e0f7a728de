package io.storefleet.audit.persistence;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.LedgerRow;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database, not the service, keeps the ledger append-only: plain JDBC cannot change a row. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class LedgerAppendOnlyTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Inject
    LedgerWriter writer;

    private String eventId;

    @BeforeEach
    void oneRow() {
        eventId = UUID.randomUUID().toString();
        // Rows only enter through the writer: seq and the hash chain are its to assign.
        writer.append(new LedgerRow(eventId, "StoreHeartbeat", "t", null, null, null, null, "test", "test", null,
                "{}"), List.of()).await().indefinitely();
    }

    @Test
    void updateAsTheAppRoleIsRefusedByItsGrants() {
        assertThatThrownBy(() -> {
            try (var c = connect(); var st = c.createStatement()) {
                st.execute("SET ROLE storefleet_audit_app");
                st.execute("UPDATE ledger SET actor = 'mallory' WHERE event_id = '" + eventId + "'");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied for table ledger");
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
        try (var c = connect(); var st = c.prepareStatement("SELECT count(*) FROM ledger WHERE event_id = ? AND actor = 'test'")) {
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

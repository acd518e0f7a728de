package io.storefleet.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The Postgres the stack uses: 127.0.0.1:5432, user postgres, trust auth; one database per stack. */
public final class Postgres {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    public static final String USER = "postgres";

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    /** Drops (forcing out old sessions, e.g. of a stack left running) and creates the database. */
    public static void recreateDatabase(String database) throws SQLException {
        try (var c = connect("postgres"); var st = c.createStatement()) {
            dropReplicationSlots(c, database);
            st.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            st.execute("CREATE DATABASE \"" + database + "\"");
        }
    }

    public static void dropDatabase(String database) throws SQLException {
        try (var c = connect("postgres"); var st = c.createStatement()) {
            dropReplicationSlots(c, database);
            st.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        }
    }

    /**
     * An active logical replication slot (inventory-cdc's Debezium) blocks DROP DATABASE even WITH (FORCE), and
     * slots are few (max_replication_slots, 10 by default): end the slot's walsender and drop the database's slots.
     */
    public static void dropReplicationSlots(Connection c, String database) throws SQLException {
        try (var terminate = c.prepareStatement(
                "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = ? AND active_pid IS NOT NULL");
             var drop = c.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = ? AND NOT active")
        ) {
            terminate.setString(1, database);
            terminate.execute();
            drop.setString(1, database);
            // a terminated walsender releases its slot a moment later
            for (int attempt = 0; attempt < 50 && slotCount(c, database) > 0; attempt++) {
                drop.execute();
                if (slotCount(c, database) > 0) {
                    try {
                        Thread.sleep(100); // waiting for another backend to exit; Postgres offers nothing to wait on
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static int slotCount(Connection c, String database) throws SQLException {
        try (var q = c.prepareStatement("SELECT count(*) FROM pg_replication_slots WHERE database = ?")) {
            q.setString(1, database);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private Postgres() {
    }
}

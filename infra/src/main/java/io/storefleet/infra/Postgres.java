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
            st.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            st.execute("CREATE DATABASE \"" + database + "\"");
        }
    }

    public static void dropDatabase(String database) throws SQLException {
        try (var c = connect("postgres"); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        }
    }

    private Postgres() {
    }
}

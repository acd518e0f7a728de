package io.storefleet.audit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/** A fresh, randomly named database on the machine's Postgres for one test run; dropped afterwards. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private static final String SERVER = "127.0.0.1:5432";
    private static final String ADMIN_URL = "jdbc:postgresql://" + SERVER + "/postgres";
    private static final String USER = "postgres";

    private String database;

    @Override
    public Map<String, String> start() {
        database = "audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        return Map.of(
                "quarkus.datasource.username", USER,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + SERVER + "/" + database,
                "quarkus.datasource.reactive.url", "postgresql://" + SERVER + "/" + database);
    }

    @Override
    public void stop() {
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) {
        try (var connection = DriverManager.getConnection(ADMIN_URL, USER, "");
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}

package io.storefleet.planner.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.storefleet.model.InventorySchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A randomly named database on the machine's Postgres (127.0.0.1:5432, trust) with the {@code stores} table, and a
 * fresh data dir for the bare clones. Both are removed when the tests stop.
 */
public class PostgresAndDataDir implements QuarkusTestResourceLifecycleManager {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private String database;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        database = "planner_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Postgres on 127.0.0.1:5432 is needed for these tests", e);
        }
        try (var db = DriverManager.getConnection(SERVER + database, "postgres", "")) {
            db.createStatement().execute(InventorySchema.ddl());
            dataDir = Files.createTempDirectory("bundle-planner-data");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the stores table", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.jdbc.url", SERVER + database,
                "quarkus.datasource.username", "postgres",
                "storefleet.data-dir", dataDir.toString());
    }

    @Override
    public void stop() {
        try (var admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + database, e);
        }
        deleteRecursively(dataDir);
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.storefleet.gitwatcher.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh Postgres database and one origin repo per test scenario on disk, plus one repo that does not exist.
 * Each scenario owns its repo id, so tests do not see each other's commits.
 */
public class GitWatcherTestResource implements QuarkusTestResourceLifecycleManager {
    public static final List<String> REPOS = List.of("first-poll", "new-commit", "several", "webhook", "restart",
            "lost-ack", "send-fails", "healthy", SignedCommitPolicy.REPO);
    public static final String UNREACHABLE = "unreachable";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private String database;
    private Path root;

    @Override
    public Map<String, String> start() {
        database = "git_watcher_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + database);
        try {
            root = Files.createTempDirectory("git-watcher-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var config = new HashMap<String, String>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + database);
        config.put("quarkus.datasource.username", "postgres");
        config.put("storefleet.data-dir", root.resolve("data").toString());
        for (var repo : REPOS) {
            var dir = root.resolve("origin").resolve(repo);
            var files = Map.of("README.md", "# " + repo, "fleet.yaml", "defaultNamespace: " + repo);
            try (var origin = TestRepo.init(dir, "main")) {
                if (repo.equals(SignedCommitPolicy.REPO)) {
                    config.putAll(SignedCommitPolicy.signedBy(root.resolve("ssh-signer"), origin, files));
                } else {
                    origin.commit("initial " + repo, files);
                }
            }
            config.put("storefleet.git-watcher.repos." + repo + ".url", dir.toString());
        }
        config.put("storefleet.git-watcher.repos." + UNREACHABLE + ".url", root.resolve("does-not-exist").toString());
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        if (root != null) {
            try (var files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir: the OS cleans up what we could not
            }
        }
    }

    private static void execute(String sql) {
        try (var connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}

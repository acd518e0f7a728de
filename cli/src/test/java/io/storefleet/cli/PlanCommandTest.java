package io.storefleet.cli;

import io.storefleet.infra.Postgres;
import io.storefleet.model.InventorySchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCommandTest {
    @TempDir
    Path dir;

    private final String database = "sf_plan_" + UUID.randomUUID().toString().substring(0, 8);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void inventory() throws Exception {
        Postgres.recreateDatabase(database);
        try (var c = Postgres.connect(database); var s = c.createStatement()) {
            s.execute(InventorySchema.ddl());
            s.execute("INSERT INTO stores (id, name, region, labels) VALUES ('s1', 'S1', 'east', '{\"format\": \"kiosk\"}'), "
                    + "('s2', 'S2', 'west', '{}'), ('s3', 'S3', 'west', '{}')");
            s.execute("CREATE TABLE planned_deployments (repo text, store_id text, bundle text, deployment_id text, "
                    + "commit_sha text, updated_at timestamptz)");
            s.execute("INSERT INTO planned_deployments VALUES ('shop', 's2', 'web', 'old-id', 'abc', now()), "
                    + "('shop', 's1', 'gone', 'x', 'abc', now())");
        }
    }

    @AfterEach
    void drop() throws Exception {
        Postgres.dropDatabase(database);
    }

    @Test
    void countsStoresPerDeploymentIdAndWhatIsNewChangedAndRemoved() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
        Files.writeString(dir.resolve("web/fleet.yaml"), "targetCustomizations:\n- name: no-kiosk\n  clusterSelector:\n"
                + "    matchLabels: {format: kiosk}\n  doNotDeploy: true\n");

        int exit = new CommandLine(new PlanCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
                .execute(dir.toString(), "--database", database, "--repo", "shop");

        var text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(text).contains("repo shop: 3 stores, 1 bundles, 2 to deploy, 0 unchanged, 1 to remove, 0 failed");
        assertThat(text).contains("2 stores (1 new, 1 changed, 0 unchanged)");
        assertThat(text).contains("bundle gone: 1 stores to remove");
    }
}

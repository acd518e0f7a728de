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
        assertThat(text).contains("(no commit planned yet for shop: every deployment is new)");
        assertThat(text).containsPattern("new \\(1 stores\\): \\+ ConfigMap default/web");
    }

    @Test
    void previewsAGivenCommitWithTheObjectsItAddsChangesAndRemovesAgainstTheLastPlannedCommit() throws Exception {
        var repo = dir.resolve("shop");
        Files.createDirectories(repo.resolve("web"));
        String planned;
        String previewed;
        try (var git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("web/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  v: \"1\"\n");
            Files.writeString(repo.resolve("web/svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
            planned = commit(git, "release 1");
            var plannedId = ((io.storefleet.planner.domain.RenderResult.Rendered) io.storefleet.planner.domain.BundleRenderer.render(
                    io.storefleet.planner.domain.BundleDiscovery.discover("shop", RenderCommand.read(repo).keySet()).get(0),
                    RenderCommand.read(repo))).deploymentId();
            try (var c = Postgres.connect(database); var st = c.createStatement()) {
                st.execute("DELETE FROM planned_deployments");
                st.execute("INSERT INTO planned_deployments VALUES ('shop', 's1', 'web', '" + plannedId + "', 'x', now()), "
                        + "('shop', 's2', 'web', '" + plannedId + "', 'x', now())");
                st.execute("CREATE TABLE planned_commits (repo text PRIMARY KEY, repo_url text, commit_sha text, updated_at timestamptz)");
                st.execute("INSERT INTO planned_commits VALUES ('shop', '" + repo + "', '" + planned + "', now())");
            }
            Files.writeString(repo.resolve("web/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  v: \"2\"\n");
            Files.delete(repo.resolve("web/svc.yaml"));
            Files.writeString(repo.resolve("web/extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n");
            previewed = commit(git, "release 2");
        }
        // the working tree moves on: --commit must preview the commit, not the files
        Files.writeString(repo.resolve("web/extra.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: not-committed\n");

        int exit = new CommandLine(new PlanCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
                .execute(repo.toString(), "--database", database, "--repo", "shop", "--commit", previewed.substring(0, 10));

        var text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("repo shop at " + previewed.substring(0, 10) + ": 3 stores, 1 bundles, 3 to deploy");
        assertThat(text).contains("against the last planned commit " + planned);
        assertThat(text).contains("(2 stores): + ConfigMap default/extra, ~ ConfigMap default/web, - Service default/web");
        assertThat(text).contains("new (1 stores): + ConfigMap default/extra, + ConfigMap default/web");
        assertThat(text).doesNotContain("not-committed");
    }

    @Test
    void aCommitThatIsNotInTheRepositoryIsAnError() throws Exception {
        var err = new ByteArrayOutputStream();
        int exit = new CommandLine(new PlanCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(dir.toString(), "--database", database, "--commit", "deadbeef");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("deadbeef is not a commit of a Git repository");
    }

    private static String commit(org.eclipse.jgit.api.Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor("t", "t@x").setCommitter("t", "t@x").setSign(false).call().getName();
    }
}

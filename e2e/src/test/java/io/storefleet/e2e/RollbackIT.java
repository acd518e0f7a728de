package io.storefleet.e2e;

import io.storefleet.cli.StorefleetCli;
import io.storefleet.infra.demo.Convergence;
import io.storefleet.model.view.BundleView;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./storefleet rollback} on the fleet repo of a running stack: a revert commit by the operator on the branch,
 * which the normal pipeline rolls out, after which every store runs exactly the deployment id it ran before.
 */
class RollbackIT {
    static final int STORES = 10;
    static final Duration CONVERGE = Duration.ofSeconds(120);

    @Test
    void rollbackCommandWritesARevertCommitAndEveryStoreReturnsToThePreviousDeployment() throws Exception {
        try (var fleet = E2eFleet.start("rb", STORES)) {
            var repo = fleet.repo();
            var api = fleet.api();
            fleet.stack().startSimulator(STORES, fleet.prefix());
            var first = repo.head();
            awaitConverged(fleet, first);
            var before = applied(fleet);
            var second = repo.nextRelease("alice");
            api.triggerWebhook();
            awaitConverged(fleet, second);
            assertThat(applied(fleet).values()).doesNotContainAnyElementsOf(before.values());

            int exit = new CommandLine(new StorefleetCli()).execute("rollback", "--repo", repo.dir().toString(),
                    "--operator", "Ada Operator <ada@retail.example>", "--webhook", "none");

            assertThat(exit).isZero();
            var revert = repo.head();
            try (var git = Git.open(repo.dir().toFile()); var walk = new RevWalk(git.getRepository())) {
                var commit = walk.parseCommit(git.getRepository().resolve(revert));
                assertThat(commit.getParent(0).name()).isEqualTo(second);
                assertThat(commit.getTree()).isEqualTo(walk.parseCommit(git.getRepository().resolve(first)).getTree());
                assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("ada@retail.example");
                assertThat(commit.getFullMessage()).contains("This reverts commit " + second);
                assertThat(git.status().call().isClean()).isTrue();
            }
            api.triggerWebhook();
            awaitConverged(fleet, revert);
            assertThat(applied(fleet)).isEqualTo(before);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(api.events("CommitDetected", revert)).singleElement()
                        .satisfies(e -> assertThat(e.get("actor")).isEqualTo("ada@retail.example"));
                assertThat(api.eventCount("BundleDeploymentPlanned", revert)).isEqualTo(STORES);
            });
        }
    }

    private static Map<String, String> applied(E2eFleet fleet) throws Exception {
        var ids = new TreeMap<String, String>();
        fleet.api().stores().forEach(s -> s.bundles().stream().map(BundleView::appliedDeploymentId).forEach(id -> ids.put(s.id(), id)));
        assertThat(ids).hasSize(STORES);
        return ids;
    }

    private static void awaitConverged(E2eFleet fleet, String sha) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(Convergence.of(fleet.api().stores(), sha, STORES).summary()).isEqualTo(STORES + "/" + STORES + " Ready"));
    }
}

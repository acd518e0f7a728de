package io.storefleet.cli;

import io.storefleet.planner.domain.rollout.RolloutSpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rollback commits on real repositories on disk: a working copy, and a bare "origin" reached by URL and pushed to. */
class GitRollbackTest {
    static final PersonIdent DEV = new PersonIdent("dev", "dev@retail.example");
    static final PersonIdent OPERATOR = new PersonIdent("Ada Operator", "ada@retail.example");

    @TempDir
    Path dir;

    @Test
    void revertingTheHeadRestoresItsParentsTreeAsTheOperator() throws Exception {
        try (var git = Git.init().setDirectory(dir.resolve("work").toFile()).setInitialBranch("main").call()) {
            var first = commit(git, "release 1.1.0", "1.1.0");
            var second = commit(git, "release 1.2.0", "1.2.0");

            var result = GitRollback.rollback(dir.resolve("work").toString(), "main", null, OPERATOR, false, true);

            var rollback = parse(git, result.sha());
            assertThat(rollback.getParent(0).name()).isEqualTo(second.name());
            assertThat(rollback.getTree()).isEqualTo(first.getTree());
            assertThat(rollback.getAuthorIdent().getEmailAddress()).isEqualTo("ada@retail.example");
            assertThat(rollback.getFullMessage()).startsWith("Revert \"release 1.2.0\"").contains("This reverts commit " + second.name());
            assertThat(RolloutSpec.isUrgent(rollback.getFullMessage())).isFalse();
            assertThat(result.reverted()).containsExactly(second.name());
            assertThat(result.pushed()).isFalse(); // no origin
            // the working copy follows the branch, as after `git revert`
            assertThat(Files.readString(dir.resolve("work/apps/pos/release.txt"))).isEqualTo("1.1.0");
            assertThat(git.status().call().isClean()).isTrue();
        }
    }

    @Test
    void rollingBackToAShaThroughAUrlRevertsEverythingAfterItAndPushes() throws Exception {
        var origin = dir.resolve("origin.git");
        RevCommit first;
        RevCommit second;
        RevCommit third;
        try (var seed = Git.init().setDirectory(dir.resolve("seed").toFile()).setInitialBranch("main").call()) {
            first = commit(seed, "release 1.1.0", "1.1.0");
            second = commit(seed, "release 1.2.0", "1.2.0");
            third = commit(seed, "release 1.3.0", "1.3.0");
        }
        Git.cloneRepository().setBare(true).setURI(dir.resolve("seed").toUri().toString()).setDirectory(origin.toFile()).call().close();
        var result = GitRollback.rollback(origin.toUri().toString(), "main", first.name().substring(0, 10), OPERATOR, true, true);

        assertThat(result.pushed()).isTrue();
        assertThat(result.reverted()).containsExactly(third.name(), second.name());
        try (var bare = Git.open(origin.toFile())) {
            var head = parse(bare, bare.getRepository().resolve("refs/heads/main").name());
            assertThat(head.name()).isEqualTo(result.sha());
            assertThat(head.getParent(0).name()).isEqualTo(third.name());
            assertThat(head.getTree()).isEqualTo(first.getTree());
            assertThat(head.getFullMessage()).startsWith("Roll back to " + first.name().substring(0, 8))
                    .contains(third.name()).contains(second.name());
            assertThat(RolloutSpec.isUrgent(head.getFullMessage())).isTrue();
            assertThat(head.getAuthorIdent().getName()).isEqualTo("Ada Operator");
        }
    }

    @Test
    void refusesWhatItCannotDoCleanly() throws Exception {
        try (var git = Git.init().setDirectory(dir.resolve("work").toFile()).setInitialBranch("main").call()) {
            var only = commit(git, "first", "1.0.0");
            var work = dir.resolve("work").toString();

            assertThatThrownBy(() -> GitRollback.rollback(work, "main", null, OPERATOR, false, true))
                    .hasMessageContaining("has no parent");
            commit(git, "second", "2.0.0");
            Files.writeString(dir.resolve("work/apps/pos/release.txt"), "edited");
            assertThatThrownBy(() -> GitRollback.rollback(work, "main", null, OPERATOR, false, true))
                    .hasMessageContaining("uncommitted changes");
            git.checkout().setAllPaths(true).call();
            assertThatThrownBy(() -> GitRollback.rollback(work, "main", "0123456789abcdef0123456789abcdef01234567", OPERATOR, false, true))
                    .hasMessageContaining("unknown commit");
            assertThatThrownBy(() -> GitRollback.rollback(work, "release", null, OPERATOR, false, true))
                    .hasMessageContaining("no branch release");
            assertThat(git.getRepository().resolve("HEAD")).isNotEqualTo(only.getId()); // nothing moved
        }
    }

    private RevCommit commit(Git git, String message, String release) throws Exception {
        var file = git.getRepository().getWorkTree().toPath().resolve("apps/pos/release.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, release);
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).call();
    }

    private static RevCommit parse(Git git, String sha) throws Exception {
        try (var walk = new RevWalk(git.getRepository())) {
            return walk.parseCommit(git.getRepository().resolve(sha));
        }
    }
}

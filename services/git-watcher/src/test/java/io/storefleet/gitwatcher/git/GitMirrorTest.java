package io.storefleet.gitwatcher.git;

import io.storefleet.gitwatcher.domain.RepoRef;
import io.storefleet.gitwatcher.support.TestRepo;
import io.storefleet.model.Person;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitMirrorTest {
    @TempDir
    Path tmp;
    private TestRepo origin;
    private GitMirror mirror;
    private RepoRef ref;

    @BeforeEach
    void setUp() {
        origin = TestRepo.init(tmp.resolve("origin"), "main");
        mirror = new GitMirror(tmp.resolve("data"), Duration.ofSeconds(5));
        ref = new RepoRef("shop", tmp.resolve("origin").toString(), "main");
    }

    @AfterEach
    void tearDown() {
        origin.close();
    }

    @Test
    void fetchReturnsTheBranchHead() {
        origin.commit("one", Map.of("a.yaml", "a"));
        var head = origin.commit("two", Map.of("b.yaml", "b"));

        assertThat(mirror.fetch(ref)).isEqualTo(head);
        assertThat(mirror.mirrorDir("shop")).isDirectory();
    }

    @Test
    void rootCommitListsTheWholeTree() {
        var head = origin.commit("init", Map.of("a.yaml", "a", "stores/fleet.yaml", "f"));
        mirror.fetch(ref);

        var info = mirror.describe(ref, head, null);

        assertThat(info.parent()).isNull();
        assertThat(info.changedPaths()).containsExactly("a.yaml", "stores/fleet.yaml");
        assertThat(info.message()).isEqualTo("init");
        assertThat(info.author()).isEqualTo(new Person("Ada Author", "ada@example.com"));
        assertThat(info.committer()).isEqualTo(new Person("Cy Committer", "cy@example.com"));
        assertThat(info.commitTime()).isEqualTo(Instant.parse("2026-01-02T03:04:06Z"));
    }

    @Test
    void withoutBaseChangedPathsAreAgainstFirstParent() {
        var first = origin.commit("init", Map.of("a.yaml", "a", "b.yaml", "b"));
        var head = origin.commit("change", Map.of("b.yaml", "b2"));
        mirror.fetch(ref);

        var info = mirror.describe(ref, head, null);

        assertThat(info.parent()).isEqualTo(first);
        assertThat(info.changedPaths()).containsExactly("b.yaml");
    }

    @Test
    void changedPathsCoverEveryCommitSinceTheBase() {
        var base = origin.commit("init", Map.of("a.yaml", "a", "b.yaml", "b", "c.yaml", "c"));
        origin.commit("one", Map.of("a.yaml", "a2"));
        origin.commit("two", Map.of("d/new.yaml", "n"), "c.yaml");
        var head = origin.commit("three", Map.of());
        mirror.fetch(ref);

        assertThat(mirror.describe(ref, head, base).changedPaths()).containsExactly("a.yaml", "c.yaml", "d/new.yaml");
    }

    @Test
    void renameListsOldAndNewPath() {
        origin.commit("init", Map.of("old/app.yaml", "some content long enough to be detected as a rename\n"));
        var head = origin.rename("move", "old/app.yaml", "new/app.yaml");
        mirror.fetch(ref);

        assertThat(mirror.describe(ref, head, null).changedPaths()).containsExactly("new/app.yaml", "old/app.yaml");
    }

    @Test
    void unknownBaseFallsBackToFirstParent() {
        origin.commit("init", Map.of("a.yaml", "a"));
        var head = origin.commit("change", Map.of("b.yaml", "b"));
        mirror.fetch(ref);

        var info = mirror.describe(ref, head, "0123456789012345678901234567890123456789");

        assertThat(info.changedPaths()).containsExactly("b.yaml");
    }

    @Test
    void missingRepositoryFailsWithTheUrlInTheReason() {
        var missing = new RepoRef("gone", tmp.resolve("nowhere").toString(), "main");

        assertThatThrownBy(() -> mirror.fetch(missing))
                .isInstanceOf(GitMirrorException.class)
                .hasMessageContaining(tmp.resolve("nowhere").toString());
    }

    @Test
    void missingBranchFails() {
        origin.commit("init", Map.of("a.yaml", "a"));
        var otherBranch = new RepoRef("shop", ref.url(), "release");

        assertThatThrownBy(() -> mirror.fetch(otherBranch))
                .isInstanceOf(GitMirrorException.class)
                .hasMessageContaining("release");
    }
}

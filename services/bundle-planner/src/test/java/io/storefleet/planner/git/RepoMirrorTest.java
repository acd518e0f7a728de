package io.storefleet.planner.git;

import io.storefleet.planner.config.PlannerConfig;
import io.storefleet.planner.testing.GitRepoOnDisk;
import io.storefleet.planner.testing.PostgresAndDataDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepoMirrorTest {
    private final GitRepoOnDisk repo = new GitRepoOnDisk();
    private final Path dataDir = tempDir();
    private final RepoMirror mirror = new RepoMirror(dataDir, config(64));

    @AfterEach
    void cleanUp() {
        repo.close();
        PostgresAndDataDir.deleteRecursively(dataDir);
    }

    @Test
    void readsTheWantedFilesOfACommitIntoMemory() throws GitReadException {
        var commit = repo.commit("init", Map.of("web/a.yaml", "kind: A\n", "web/notes.txt", "hi", "fleet.yaml", ""));

        var tree = mirror.read(commit.repo(), commit.repoUrl(), commit.sha(), path -> path.endsWith(".yaml"));

        assertThat(tree.sha()).isEqualTo(commit.sha());
        assertThat(tree.paths()).containsExactlyInAnyOrder("web/a.yaml", "fleet.yaml");
        assertThat(new String(tree.files().get("web/a.yaml"), StandardCharsets.UTF_8)).isEqualTo("kind: A\n");
        assertThat(dataDir.resolve("repos").resolve(commit.repo() + ".git").resolve("HEAD")).exists();
    }

    @Test
    void readsAnOlderCommitAfterTheFileChanged() throws GitReadException {
        var first = repo.commit("v1", Map.of("web/a.yaml", "v: 1\n"));
        var second = repo.commit("v2", Map.of("web/a.yaml", "v: 2\n"));

        var newest = mirror.read(second.repo(), second.repoUrl(), second.sha(), p -> true);
        var older = mirror.read(first.repo(), first.repoUrl(), first.sha(), p -> true);

        assertThat(new String(newest.files().get("web/a.yaml"), StandardCharsets.UTF_8)).isEqualTo("v: 2\n");
        assertThat(new String(older.files().get("web/a.yaml"), StandardCharsets.UTF_8)).isEqualTo("v: 1\n");
    }

    @Test
    void aCommitAlreadyMirroredIsReadWithoutTheRemote() throws GitReadException {
        var commit = repo.commit("init", Map.of("web/a.yaml", "kind: A\n"));
        mirror.read(commit.repo(), commit.repoUrl(), commit.sha(), p -> true);

        var offline = mirror.read(commit.repo(), "/nonexistent/remote", commit.sha(), p -> true);

        assertThat(offline.paths()).containsExactly("web/a.yaml");
    }

    @Test
    void filesOverTheLimitAreNamedNotRead() throws GitReadException {
        var commit = repo.commit("big", Map.of("web/big.yaml", "x: " + "y".repeat(100) + "\n", "web/small.yaml", "x: 1\n"));

        var tree = mirror.read(commit.repo(), commit.repoUrl(), commit.sha(), p -> true);

        assertThat(tree.files()).containsOnlyKeys("web/small.yaml");
        assertThat(tree.oversized()).containsOnlyKeys("web/big.yaml");
        assertThat(tree.paths()).containsExactlyInAnyOrder("web/big.yaml", "web/small.yaml");
    }

    @Test
    void unknownCommitOrRemoteIsAGitReadFailure() {
        var commit = repo.commit("init", Map.of("a.yaml", "x: 1\n"));

        assertThatThrownBy(() -> mirror.read(commit.repo(), commit.repoUrl(), "ab".repeat(20), p -> true))
                .isInstanceOf(GitReadException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> mirror.read("other", "/nonexistent/remote", commit.sha(), p -> true))
                .isInstanceOf(GitReadException.class).hasMessageContaining("cannot fetch");
        assertThatThrownBy(() -> mirror.read(commit.repo(), commit.repoUrl(), "main", p -> true))
                .isInstanceOf(GitReadException.class).hasMessageContaining("not a commit sha");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mirror-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PlannerConfig config(int maxFileBytes) {
        return new PlannerConfig() {
            @Override
            public int maxInFlight() {
                return 16;
            }

            @Override
            public Duration ackTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration fetchTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxFileBytes() {
                return maxFileBytes;
            }

            @Override
            public Optional<Path> signingKeyFile() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> signingPublicKeyFile() {
                return Optional.empty();
            }

            @Override
            public Duration rolloutTick() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Optional<Path> clockFile() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> kustomizeCommand() {
                return Optional.empty();
            }
        };
    }
}

package io.storefleet.planner.testing;

import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventMeta;
import io.storefleet.model.Person;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real (non-bare) git repository in a temp dir that tests commit files to, as a store team's config repo. */
public final class GitRepoOnDisk implements AutoCloseable {
    private final String repoId;
    private final Path dir;
    private final Git git;

    public GitRepoOnDisk() {
        try {
            this.repoId = "repo-" + UUID.randomUUID().toString().substring(0, 8);
            this.dir = Files.createTempDirectory(repoId);
            this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public String repoId() {
        return repoId;
    }

    /** Writes (or, for a null content, deletes) the files, commits everything and returns the CommitDetected git-watcher would send. */
    public CommitDetected commit(String message, Map<String, String> files) {
        try {
            for (var file : files.entrySet()) {
                var path = dir.resolve(file.getKey());
                if (file.getValue() == null) {
                    Files.deleteIfExists(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                }
            }
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            var person = new Person("Store Ops", "ops@example.com");
            var commit = git.commit().setMessage(message).setAuthor(person.name(), person.email())
                    .setCommitter(person.name(), person.email()).call();
            var parent = commit.getParentCount() == 0 ? null : commit.getParent(0).name();
            return new CommitDetected(EventMeta.of("git-watcher", repoId), repoId, dir.toString(), "main", commit.name(), parent,
                    person, person, message, Instant.ofEpochSecond(commit.getCommitTime()), List.copyOf(files.keySet()), "unsigned");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
        PostgresAndDataDir.deleteRecursively(dir);
    }
}

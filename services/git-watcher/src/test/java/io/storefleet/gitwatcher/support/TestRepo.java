package io.storefleet.gitwatcher.support;

import io.storefleet.gitwatcher.git.SshKeys;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** A non-bare git repository on disk that a test commits to, standing in for the remote. */
public final class TestRepo implements AutoCloseable {
    public static final PersonIdent AUTHOR =
            new PersonIdent("Ada Author", "ada@example.com", Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    public static final PersonIdent COMMITTER =
            new PersonIdent("Cy Committer", "cy@example.com", Instant.parse("2026-01-02T03:04:06Z"), ZoneOffset.UTC);

    private final Git git;
    private final Path dir;

    private TestRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    public static TestRepo init(Path dir, String branch) {
        try {
            Files.createDirectories(dir);
            return new TestRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call(), dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestRepo open(Path dir) {
        try {
            return new TestRepo(Git.open(dir.toFile()), dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String head() {
        try {
            return git.getRepository().resolve("HEAD").name();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    private void stage(Map<String, String> files) throws Exception {
        for (var file : files.entrySet()) {
            var path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
            git.add().addFilepattern(file.getKey()).call();
        }
    }

    /** Writes {@code files} (path → content), deletes {@code deletes}, commits everything; returns the sha. */
    public String commit(String message, Map<String, String> files, String... deletes) {
        try {
            stage(files);
            for (var delete : deletes) {
                git.rm().addFilepattern(delete).call();
            }
            return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(COMMITTER)
                    .setSign(false).setAllowEmpty(true).call().name();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #commit}, signed with {@code key} as {@code git -c gpg.format=ssh commit -S} would; returns the sha. */
    public String commitSigned(String message, Map<String, String> files, SshKeys key) {
        try {
            stage(files);
            return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(COMMITTER).setAllowEmpty(true)
                    .setSign(true).setGpgConfig(key.gpgConfig()).setSigner(SshKeys.SIGNER)
                    .setSigningKey(key.publicKeyFile().toString()).call().name();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves {@code from} to {@code to} unchanged and commits; returns the sha. */
    public String rename(String message, String from, String to) {
        try {
            var target = dir.resolve(to);
            Files.createDirectories(target.getParent());
            Files.move(dir.resolve(from), target);
            git.rm().addFilepattern(from).call();
            git.add().addFilepattern(to).call();
            return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(COMMITTER).setSign(false).call().name();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}

package io.storefleet.planner.git;

import io.storefleet.planner.config.PlannerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A bare clone per repo under {@code storefleet.data-dir}/repos, fetched on demand: a commit already present is read
 * without touching the remote. One repo is fetched by one thread at a time.
 */
@ApplicationScoped
public class RepoMirror {
    private static final RefSpec ALL_HEADS = new RefSpec("+refs/heads/*:refs/heads/*");
    private final Path reposDir;
    private final PlannerConfig config;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public RepoMirror(@ConfigProperty(name = "storefleet.data-dir", defaultValue = "data/bundle-planner") Path dataDir,
                      PlannerConfig config) {
        this.reposDir = dataDir.resolve("repos");
        this.config = config;
    }

    /** The files at {@code sha} whose path matches {@code wanted}, fetching from {@code url} when the commit is not local yet. */
    public GitTree read(String repoId, String url, String sha, Predicate<String> wanted) throws GitReadException {
        ObjectId commitId;
        try {
            commitId = ObjectId.fromString(sha);
        } catch (IllegalArgumentException e) {
            throw new GitReadException("not a commit sha: " + sha, e);
        }
        synchronized (locks.computeIfAbsent(repoId, id -> new Object())) {
            try (var repo = open(repoId)) {
                if (!repo.getObjectDatabase().has(commitId)) {
                    fetch(repo, url);
                }
                if (!repo.getObjectDatabase().has(commitId)) {
                    throw new GitReadException("commit " + sha + " not found in " + url + " after fetching all branches");
                }
                return readTree(repo, commitId, wanted, config.maxFileBytes());
            } catch (IOException e) {
                throw new GitReadException("cannot read " + sha + " of " + repoId + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads the wanted regular files of a commit's tree into memory, leaving out (and naming) files over the limit. */
    public static GitTree readTree(Repository repo, ObjectId commitId, Predicate<String> wanted, int maxFileBytes)
            throws IOException, GitReadException {
        var files = new HashMap<String, byte[]>();
        var oversized = new HashMap<String, Long>();
        try (var walk = new RevWalk(repo); var tree = new TreeWalk(repo)) {
            var commit = walk.parseCommit(commitId);
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                var path = tree.getPathString();
                if ((tree.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE || !wanted.test(path)) {
                    continue;
                }
                var loader = repo.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > maxFileBytes) {
                    oversized.put(path, loader.getSize());
                } else {
                    files.put(path, loader.getBytes());
                }
            }
        } catch (MissingObjectException e) {
            throw new GitReadException("commit " + commitId.name() + " is incomplete: " + e.getMessage(), e);
        }
        return new GitTree(commitId.name(), files, oversized);
    }

    private Repository open(String repoId) throws IOException, GitReadException {
        var dir = reposDir.resolve(repoId.replaceAll("[^A-Za-z0-9._-]", "_") + ".git");
        if (!Files.exists(dir.resolve("HEAD"))) {
            try {
                Files.createDirectories(dir);
                Git.init().setBare(true).setGitDir(dir.toFile()).call().close();
            } catch (GitAPIException e) {
                throw new GitReadException("cannot create bare clone " + dir + ": " + e.getMessage(), e);
            }
        }
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    private void fetch(Repository repo, String url) throws GitReadException {
        try (var git = new Git(repo)) {
            git.fetch().setRemote(url).setRefSpecs(ALL_HEADS).setTimeout((int) Math.max(1, config.fetchTimeout().toSeconds()))
                    .setRemoveDeletedRefs(true).call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitReadException("cannot fetch " + url + ": " + e.getMessage(), e);
        }
    }
}

package io.storefleet.gitwatcher.git;

import io.storefleet.gitwatcher.domain.CommitInfo;
import io.storefleet.gitwatcher.domain.RepoRef;
import io.storefleet.model.Person;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bare mirrors of the watched repos under the data dir: fetch a branch, describe a commit.
 * Thread-safe as long as one repo is not fetched concurrently (the caller serialises per repo).
 */
public class GitMirror {
    private final Path root;
    private final Duration fetchTimeout;

    public GitMirror(Path root, Duration fetchTimeout) {
        this.root = root;
        this.fetchTimeout = fetchTimeout;
    }

    /** Fetches the branch into the mirror and returns its head sha. */
    public String fetch(RepoRef ref) {
        var branchRef = "refs/heads/" + ref.branch();
        try (var repo = openOrInit(ref); var git = new Git(repo)) {
            // Fetch from the configured URL each time rather than a stored remote, so a changed URL just works.
            git.fetch()
                    .setRemote(ref.url())
                    .setRefSpecs(new RefSpec("+" + branchRef + ":" + branchRef))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout((int) Math.max(1, fetchTimeout.toSeconds()))
                    .call();
            var head = repo.exactRef(branchRef);
            if (head == null || head.getObjectId() == null) {
                throw new GitMirrorException("branch " + ref.branch() + " not found in " + ref.url());
            }
            return head.getObjectId().name();
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (e instanceof GitMirrorException g) {
                throw g;
            }
            throw new GitMirrorException("fetch of " + ref.url() + " (" + ref.branch() + ") failed: " + reason(e), e);
        }
    }

    /**
     * Reads {@code sha} from the mirror. Changed paths are against {@code diffBase} when the mirror has it
     * (several commits may have landed since), else against the first parent, else the whole tree.
     */
    public CommitInfo describe(RepoRef ref, String sha, String diffBase) {
        return describe(ref, sha, diffBase, CommitSignatures.none());
    }

    /** As {@link #describe(RepoRef, String, String)}, with the commit's signature checked under the repo's policy. */
    public CommitInfo describe(RepoRef ref, String sha, String diffBase, CommitSignatures signatures) {
        try (var repo = openOrInit(ref); var walk = new RevWalk(repo)) {
            var commit = walk.parseCommit(ObjectId.fromString(sha));
            var parent = commit.getParentCount() > 0 ? commit.getParent(0) : null;
            RevTree base = null;
            var baseId = diffBase == null ? null : ObjectId.fromString(diffBase);
            // A force-push can drop the previously emitted commit; then the parent is the best base we have.
            if (baseId != null && repo.getObjectDatabase().has(baseId)) {
                base = walk.parseCommit(baseId).getTree();
            } else if (parent != null) {
                base = walk.parseCommit(parent).getTree();
            }
            return new CommitInfo(commit.name(), parent == null ? null : parent.name(),
                    person(commit.getAuthorIdent()), person(commit.getCommitterIdent()), commit.getFullMessage(),
                    Instant.ofEpochSecond(commit.getCommitTime()), changedPaths(repo, base, commit.getTree()),
                    signatures.status(commit.getRawBuffer()));
        } catch (IOException | RuntimeException e) {
            throw new GitMirrorException("cannot read " + sha + " of " + ref.id() + ": " + reason(e), e);
        }
    }

    /** The bare mirror directory of a repo. */
    public Path mirrorDir(String repoId) {
        // Repo ids come from config keys; keep them from escaping the data dir.
        return root.resolve("repos").resolve(repoId.replaceAll("[^A-Za-z0-9._-]", "_") + ".git");
    }

    private static List<String> changedPaths(Repository repo, RevTree base, RevTree head) throws IOException {
        try (var formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            formatter.setRepository(repo);
            formatter.setDetectRenames(true);
            var paths = new ArrayList<String>();
            for (var entry : formatter.scan(base, head)) {
                switch (entry.getChangeType()) {
                    case ADD, COPY -> paths.add(entry.getNewPath());
                    case DELETE -> paths.add(entry.getOldPath());
                    case MODIFY -> paths.add(entry.getNewPath());
                    // both sides matter: the old path's bundle lost a file, the new one gained it
                    case RENAME -> {
                        paths.add(entry.getOldPath());
                        paths.add(entry.getNewPath());
                    }
                }
            }
            return paths.stream().filter(p -> !DiffEntry.DEV_NULL.equals(p)).distinct().sorted().toList();
        }
    }

    private Repository openOrInit(RepoRef ref) throws IOException {
        var dir = mirrorDir(ref.id());
        if (!Files.isDirectory(dir.resolve("objects"))) {
            Files.createDirectories(dir);
            try {
                try (var git = Git.init().setBare(true).setGitDir(dir.toFile()).setInitialBranch(ref.branch()).call()) {
                    var config = git.getRepository().getConfig();
                    // gc inside the check (under the repo lock) rather than in a background thread racing the next fetch
                    config.setBoolean("gc", null, "autoDetach", false);
                    config.save();
                }
            } catch (GitAPIException e) {
                throw new IOException("cannot create mirror " + dir + ": " + e.getMessage(), e);
            }
        }
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    private static Person person(PersonIdent ident) {
        return new Person(ident.getName(), ident.getEmailAddress());
    }

    private static String reason(Throwable e) {
        var message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}

package io.storefleet.cli;

import io.storefleet.planner.domain.rollout.RolloutSpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RemoteRefUpdate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollback: one new commit on the branch whose tree is the tree before the reverted commit(s) — {@code git revert}
 * of the head, or of everything after {@code --to SHA} — authored by the operator and pushed. Nothing is rolled back
 * outside Git: the normal pipeline plans the new commit, with waves and windows unless it carries the urgent trailer.
 */
final class GitRollback {

    /** @param reverted newest first */
    record Result(String sha, String message, List<String> reverted, boolean pushed) {
    }

    /**
     * @param repo   a local repository (working copy or bare) or a URL; a URL is cloned to a temporary directory
     * @param to     roll back to this commit (an ancestor of the branch head); null = revert the head commit
     * @param push   push the branch to {@code origin} when the repository has that remote (always for a URL)
     */
    static Result rollback(String repo, String branch, String to, PersonIdent operator, boolean urgent, boolean push)
            throws IOException, GitAPIException {
        var local = Path.of(repo);
        Path temp = null;
        Git git;
        if (Files.isDirectory(local)) {
            git = Git.open(local.toFile());
        } else {
            temp = Files.createTempDirectory("storefleet-rollback");
            git = Git.cloneRepository().setURI(repo).setBranch(branch).setDirectory(temp.toFile()).call();
        }
        try (git) {
            var repository = git.getRepository();
            var ref = "refs/heads/" + branch;
            var headId = repository.resolve(ref);
            if (headId == null) {
                throw new IllegalArgumentException("no branch " + branch + " in " + repo);
            }
            boolean workTree = !repository.isBare();
            boolean onBranch = workTree && ref.equals(repository.getFullBranch());
            if (onBranch && !git.status().call().isClean()) {
                throw new IllegalStateException(repo + " has uncommitted changes; commit or stash them first");
            }
            try (var walk = new RevWalk(repository); var inserter = repository.newObjectInserter()) {
                var head = walk.parseCommit(headId);
                RevCommit target;
                var reverted = new ArrayList<RevCommit>();
                if (to == null) {
                    if (head.getParentCount() == 0) {
                        throw new IllegalArgumentException("the head commit " + head.abbreviate(8).name() + " has no parent to go back to");
                    }
                    target = walk.parseCommit(head.getParent(0));
                    reverted.add(head);
                } else {
                    var toId = repository.resolve(to);
                    if (toId == null || !repository.getObjectDatabase().has(toId)) {
                        throw new IllegalArgumentException("unknown commit " + to);
                    }
                    target = walk.parseCommit(toId);
                    if (!walk.isMergedInto(target, head)) {
                        throw new IllegalArgumentException(to + " is not an ancestor of " + branch);
                    }
                    walk.reset();
                    walk.markStart(head);
                    walk.markUninteresting(target);
                    walk.forEach(reverted::add);
                }
                if (reverted.isEmpty() || target.getTree().equals(head.getTree())) {
                    throw new IllegalStateException("nothing to roll back: " + branch + " already has the tree of " + target.abbreviate(8).name());
                }
                var message = message(head, target, reverted, to != null, urgent);
                var commit = new CommitBuilder();
                commit.setTreeId(target.getTree());
                commit.setParentId(head);
                commit.setAuthor(operator);
                commit.setCommitter(operator);
                commit.setMessage(message);
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                var update = repository.updateRef(ref);
                update.setNewObjectId(id);
                update.setExpectedOldObjectId(head);
                update.setRefLogMessage("storefleet rollback", false);
                var result = update.update(walk);
                if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NEW) {
                    throw new IllegalStateException("could not move " + branch + " to the rollback commit: " + result);
                }
                if (onBranch) {
                    // keep the working copy on the branch head, as `git revert` would
                    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(id.name()).call();
                }
                boolean pushed = false;
                if ((push || temp != null) && repository.getRemoteNames().contains("origin")) {
                    for (var pushResult : git.push().setRemote("origin").add(branch).call()) {
                        for (var u : pushResult.getRemoteUpdates()) {
                            if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                                throw new IllegalStateException("push of " + branch + " refused: " + u.getStatus()
                                        + (u.getMessage() == null ? "" : " " + u.getMessage()));
                            }
                        }
                    }
                    pushed = true;
                }
                return new Result(id.name(), message, reverted.stream().map(RevCommit::name).toList(), pushed);
            }
        } finally {
            if (temp != null) {
                deleteRecursively(temp);
            }
        }
    }

    static String message(RevCommit head, RevCommit target, List<RevCommit> reverted, boolean toTarget, boolean urgent) {
        var text = new StringBuilder();
        if (!toTarget) {
            text.append("Revert \"").append(head.getShortMessage()).append("\"\n\nThis reverts commit ").append(head.name()).append(".\n");
        } else {
            text.append("Roll back to ").append(target.abbreviate(8).name()).append(" \"").append(target.getShortMessage()).append("\"\n\n")
                    .append("This reverts commits ").append(String.join(", ", reverted.stream().map(RevCommit::name).toList())).append(".\n");
        }
        if (urgent) {
            text.append('\n').append(RolloutSpec.URGENT_TRAILER).append('\n');
        }
        return text.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private GitRollback() {
    }
}

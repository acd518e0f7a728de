package io.storefleet.gitwatcher.domain;

import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventMeta;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds CommitDetected events. */
public final class CommitEvents {
    public static final String SOURCE = "git-watcher";
    public static final String UNSIGNED = "unsigned";

    /** Derived by name so a re-emission after a crash carries the same id and consumers dedupe it. */
    public static String eventId(String repo, String branch, String sha) {
        return UUID.nameUUIDFromBytes((repo + "|" + branch + "|" + sha).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static CommitDetected detected(RepoRef repo, CommitInfo commit, Instant now) {
        var meta = new EventMeta(eventId(repo.id(), repo.branch(), commit.sha()), now, SOURCE, repo.id(),
                EventMeta.SCHEMA_VERSION);
        var paths = commit.changedPaths().stream().distinct().sorted().toList();
        return new CommitDetected(meta, repo.id(), repo.url(), repo.branch(), commit.sha(), commit.parent(),
                commit.author(), commit.committer(), commit.message(), commit.commitTime(), List.copyOf(paths),
                commit.signatureStatus() == null ? UNSIGNED : commit.signatureStatus());
    }

    private CommitEvents() {
    }
}

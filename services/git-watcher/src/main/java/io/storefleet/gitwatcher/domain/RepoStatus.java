package io.storefleet.gitwatcher.domain;

import java.time.Instant;

/**
 * Last known state of one watched repo, for health and the webhook answer.
 *
 * @param lastCheckedAt when the last check finished, null before the first one
 * @param lastError     reason of the last check's failure, null when it succeeded
 * @param failingSince  when the current run of failures started, null when healthy
 */
public record RepoStatus(String repo, String branch, Instant lastCheckedAt, String head, String lastError,
                         Instant failingSince) {

    public static RepoStatus pending(RepoRef repo) {
        return new RepoStatus(repo.id(), repo.branch(), null, null, null, null);
    }

    public boolean healthy() {
        return lastError == null;
    }

    public RepoStatus succeeded(String head, Instant at) {
        return new RepoStatus(repo, branch, at, head, null, null);
    }

    public RepoStatus failed(String error, Instant at) {
        return new RepoStatus(repo, branch, at, head, error, failingSince == null ? at : failingSince);
    }

    /** True when this failure is news (first one, or a different reason), i.e. worth one log line. */
    public boolean isNewFailure(String error) {
        return !error.equals(lastError);
    }
}

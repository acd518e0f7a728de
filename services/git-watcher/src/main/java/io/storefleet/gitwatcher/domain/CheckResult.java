package io.storefleet.gitwatcher.domain;

/**
 * The outcome of checking one repo.
 *
 * @param head  the fetched head, null when the fetch failed
 * @param error the reason of a failure, null otherwise
 */
public record CheckResult(String repo, String branch, Outcome outcome, String head, String error) {

    public enum Outcome { EMITTED, UNCHANGED, FAILED }

    public static CheckResult emitted(RepoRef repo, String sha) {
        return new CheckResult(repo.id(), repo.branch(), Outcome.EMITTED, sha, null);
    }

    public static CheckResult unchanged(RepoRef repo, String sha) {
        return new CheckResult(repo.id(), repo.branch(), Outcome.UNCHANGED, sha, null);
    }

    public static CheckResult failed(RepoRef repo, String error) {
        return new CheckResult(repo.id(), repo.branch(), Outcome.FAILED, null, error);
    }
}

package io.storefleet.model;

/**
 * A bundle (or a whole commit, when {@code bundle} is null) could not be planned; other bundles still roll out.
 *
 * @param file    path in the repo of the offending file, when known
 * @param line    1-based line in that file, when known
 * @param detail  the parser's or renderer's message
 * @param storeId set when only this store's inputs (its values, its templates) break the bundle: the bundle still
 *                rolls out to the other stores and this store keeps what it runs; null = the whole bundle failed
 */
public record PlanningFailed(EventMeta meta, String repo, String commit, String bundle, FailureReason reason,
                             String file, Integer line, String detail, String storeId) implements RolloutEvent {

    public PlanningFailed(EventMeta meta, String repo, String commit, String bundle, FailureReason reason,
                          String file, Integer line, String detail) {
        this(meta, repo, commit, bundle, reason, file, line, detail, null);
    }
}

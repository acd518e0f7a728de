package io.storefleet.model;

/**
 * A bundle (or a whole commit, when {@code bundle} is null) could not be planned; other bundles still roll out.
 *
 * @param file   path in the repo of the offending file, when known
 * @param line   1-based line in that file, when known
 * @param detail the parser's or renderer's message
 */
public record PlanningFailed(EventMeta meta, String repo, String commit, String bundle, FailureReason reason,
                             String file, Integer line, String detail) implements RolloutEvent {
}

package io.storefleet.model;

import java.time.Instant;
import java.util.List;

/**
 * A new head on a watched branch.
 *
 * @param repo            configured repo id (the Kafka key)
 * @param repoUrl         where the planner fetches it from (URL or local path)
 * @param parent          first parent sha, or null for a root commit
 * @param changedPaths    paths changed against the previously emitted head (or parent)
 * @param signatureStatus a {@link CommitSignatureStatus} value: {@code unsigned}/{@code signed} without a policy,
 *                        {@code valid:…} or {@code refused:…} under the repo's signed-commits policy
 */
public record CommitDetected(EventMeta meta, String repo, String repoUrl, String branch, String sha, String parent,
                             Person author, Person committer, String message, Instant commitTime,
                             List<String> changedPaths, String signatureStatus) implements GitEvent {
}

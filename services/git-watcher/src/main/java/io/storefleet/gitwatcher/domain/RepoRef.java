package io.storefleet.gitwatcher.domain;

/** One watched branch of one repository, as configured. */
public record RepoRef(String id, String url, String branch) {
}

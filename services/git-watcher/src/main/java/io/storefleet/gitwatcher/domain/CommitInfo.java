package io.storefleet.gitwatcher.domain;

import io.storefleet.model.Person;

import java.time.Instant;
import java.util.List;

/** What git says about a commit, already reduced to the fields a CommitDetected needs. */
public record CommitInfo(String sha, String parent, Person author, Person committer, String message,
                         Instant commitTime, List<String> changedPaths, String signatureStatus) {

    public CommitInfo(String sha, String parent, Person author, Person committer, String message, Instant commitTime,
                      List<String> changedPaths) {
        this(sha, parent, author, committer, message, commitTime, changedPaths, io.storefleet.model.CommitSignatureStatus.UNSIGNED);
    }
}

package io.storefleet.model;

import java.util.Optional;

/**
 * Values of {@link CommitDetected#signatureStatus()}. git-watcher checks a commit's signature only for repos with a
 * signed-commits policy (trusted OpenPGP keys and/or allowed SSH signers); there a commit is {@code valid:<key>} (OpenPGP
 * key id, or the SSH key's {@code SHA256:} fingerprint) or refused, and the planner plans nothing for a refused commit
 * ({@code PlanningFailed} with {@link FailureReason#UnsignedCommit} or {@link FailureReason#UntrustedSigner}).
 * Without a policy the status only says whether a signature is there.
 */
public final class CommitSignatureStatus {
    public static final String UNSIGNED = "unsigned";
    /** Signed, not checked (no policy for the repo). */
    public static final String SIGNED = "signed";
    public static final String VALID_PREFIX = "valid:";
    public static final String REFUSED_UNSIGNED = "refused:unsigned";
    public static final String REFUSED_UNTRUSTED_PREFIX = "refused:untrusted:";
    /** A signature that does not verify (tampered commit, broken signature), by a trusted key or not. */
    public static final String REFUSED_INVALID = "refused:invalid";

    /** The failure a refused status means; empty for anything the planner may plan. */
    public static Optional<FailureReason> refusal(String status) {
        if (status == null || !status.startsWith("refused:")) {
            return Optional.empty();
        }
        return Optional.of(REFUSED_UNSIGNED.equals(status) ? FailureReason.UnsignedCommit : FailureReason.UntrustedSigner);
    }

    private CommitSignatureStatus() {
    }
}

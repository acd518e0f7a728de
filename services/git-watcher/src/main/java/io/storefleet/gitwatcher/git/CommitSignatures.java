package io.storefleet.gitwatcher.git;

import io.storefleet.model.CommitSignatureStatus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a commit's signature ({@code gpgsig} header) the way {@code git verify-commit} does: over the raw commit object
 * without that header, against a repo's trusted signers. A repo may trust OpenPGP keys, SSH keys or both; the
 * signature's armor says which kind it is, and a kind the repo trusts no key of is untrusted.
 */
public final class CommitSignatures {
    private final Optional<Trusted> trusted;

    private record Trusted(OpenPgpSigners openPgp, SshSigners ssh) {
    }

    private CommitSignatures(Optional<Trusted> trusted) {
        this.trusted = trusted;
    }

    /** No policy: statuses say only whether a signature is present. */
    public static CommitSignatures none() {
        return new CommitSignatures(Optional.empty());
    }

    /** A policy: only commits signed by a key in this armored OpenPGP key ring file are {@code valid}. */
    public static CommitSignatures trusting(Path armoredKeys) throws IOException {
        return policy(Optional.of(armoredKeys), Optional.empty());
    }

    /**
     * The repo's policy from its files: an armored OpenPGP key ring and/or an SSH allowed signers file; neither means
     * no policy. With either, a commit is {@code valid} only when signed by a key one of them trusts.
     */
    public static CommitSignatures policy(Optional<Path> openPgpKeys, Optional<Path> sshAllowedSigners) throws IOException {
        if (openPgpKeys.isEmpty() && sshAllowedSigners.isEmpty()) {
            return none();
        }
        var pgp = openPgpKeys.isPresent() ? OpenPgpSigners.trusting(openPgpKeys.get()) : OpenPgpSigners.nobody();
        var sshSigners = sshAllowedSigners.isPresent() ? SshSigners.allowing(sshAllowedSigners.get()) : SshSigners.nobody();
        return new CommitSignatures(Optional.of(new Trusted(pgp, sshSigners)));
    }

    /** The {@link CommitSignatureStatus} of a raw commit object. */
    public String status(byte[] rawCommit) {
        var split = split(rawCommit);
        if (split == null) {
            return trusted.isPresent() ? CommitSignatureStatus.REFUSED_UNSIGNED : CommitSignatureStatus.UNSIGNED;
        }
        if (trusted.isEmpty()) {
            return CommitSignatureStatus.SIGNED;
        }
        return isSsh(split.signature())
                ? trusted.get().ssh().status(split.payload(), split.signature())
                : trusted.get().openPgp().status(split.payload(), split.signature());
    }

    private static boolean isSsh(byte[] signature) {
        return new String(signature, StandardCharsets.US_ASCII).startsWith(SshSigners.ARMOR);
    }

    record Split(byte[] payload, byte[] signature) {
    }

    /** Separates the {@code gpgsig} header (and its continuation lines) from the signed payload; null when unsigned. */
    static Split split(byte[] raw) {
        var text = new String(raw, StandardCharsets.ISO_8859_1);
        var headerEnd = text.indexOf("\n\n");
        var headers = headerEnd < 0 ? text : text.substring(0, headerEnd + 1);
        var start = headers.startsWith("gpgsig ") ? 0 : headers.indexOf("\ngpgsig ") + 1;
        if (start == 0 && !headers.startsWith("gpgsig ")) {
            return null;
        }
        var end = headers.indexOf('\n', start);
        var signature = new ByteArrayOutputStream();
        signature.writeBytes(headers.substring(start + "gpgsig ".length(), end + 1).getBytes(StandardCharsets.ISO_8859_1));
        while (end + 1 < headers.length() && headers.charAt(end + 1) == ' ') {
            var next = headers.indexOf('\n', end + 1);
            signature.writeBytes(headers.substring(end + 2, next + 1).getBytes(StandardCharsets.ISO_8859_1));
            end = next;
        }
        var payload = text.substring(0, start) + text.substring(end + 1);
        return new Split(payload.getBytes(StandardCharsets.ISO_8859_1), signature.toByteArray());
    }
}

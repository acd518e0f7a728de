package io.storefleet.gitwatcher.support;

import io.storefleet.gitwatcher.git.SshKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The test repo under a signed-commits policy: one allowed SSH signer, whose key signed the repo's first commit. */
public final class SignedCommitPolicy {
    public static final String REPO = "ssh-signed";
    public static final String PRINCIPAL = "release@example.com";

    /** Generates the signer's key in {@code keyDir}, makes the signed first commit; returns the policy's config. */
    static Map<String, String> signedBy(Path keyDir, TestRepo origin, Map<String, String> files) {
        try {
            var key = SshKeys.generate(keyDir);
            var allowed = Files.writeString(keyDir.resolve("allowed_signers"), key.allowedSigner(PRINCIPAL) + "\n");
            origin.commitSigned("initial " + REPO + ", signed", files, key);
            return Map.of("storefleet.git-watcher.repos." + REPO + ".allowed-ssh-signers-file", allowed.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SignedCommitPolicy() {
    }
}

package io.storefleet.gitwatcher.git;

import io.storefleet.model.CommitSignatureStatus;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifier.TrustLevel;
import org.eclipse.jgit.signing.ssh.SshSignatureVerifierFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * SSH commit signatures ({@code git config gpg.format ssh}) verified by JGit's SSH verifier against a repo's allowed
 * signers file in git's own {@code gpg.ssh.allowedSignersFile} format ({@code principal [options] key-type key}),
 * as {@code git verify-commit} does: namespace {@code git}, {@code valid-after}/{@code valid-before} against the
 * committer date, {@code cert-authority} lines for SSH certificates.
 */
final class SshSigners {
    static final String ARMOR = "-----BEGIN SSH SIGNATURE-----";
    // stateless; the allowed signers files it reads are cached by JGit and re-read when they change on disk
    private static final SignatureVerifier VERIFIER = new SshSignatureVerifierFactory().create();

    private final GpgConfig config;

    private SshSigners(GpgConfig config) {
        this.config = config;
    }

    /** No SSH key is allowed (the repo's policy allows OpenPGP signers only). */
    static SshSigners nobody() {
        return new SshSigners(new GpgConfig(sshConfig()));
    }

    /** Fails on an unreadable file or a line without a public key, so a broken policy stops the boot, not every commit. */
    static SshSigners allowing(Path allowedSigners) throws IOException {
        var lines = Files.readAllLines(allowedSigners, StandardCharsets.UTF_8);
        for (var i = 0; i < lines.size(); i++) {
            var line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#") && !hasPublicKey(line)) {
                throw new IOException("allowed signers " + allowedSigners + " line " + (i + 1)
                        + ": no SSH public key (expected: principal [options] key-type base64-key)");
            }
        }
        var git = sshConfig();
        // absolute: JGit would resolve a relative path against the work tree, and the mirrors are bare
        git.setString("gpg", "ssh", "allowedSignersFile", allowedSigners.toAbsolutePath().toString());
        return new SshSigners(new GpgConfig(git));
    }

    /** {@code valid:<SHA256 fingerprint>}, {@code refused:untrusted:<SHA256 fingerprint>} or {@code refused:invalid}. */
    String status(byte[] payload, byte[] signature) {
        SignatureVerifier.SignatureVerification result;
        try {
            result = VERIFIER.verify(null, config, payload, signature);
        } catch (IOException | RuntimeException e) {
            return CommitSignatureStatus.REFUSED_INVALID;
        }
        if (result.verified()) {
            return CommitSignatureStatus.VALID_PREFIX + result.keyFingerprint();
        }
        // UNKNOWN: the signature is good but no allowed-signers line has the key; expired: a line has it, but its
        // valid-after/valid-before excludes the commit date. Anything else did not verify over this commit.
        if (result.keyFingerprint() != null && (result.trustLevel() == TrustLevel.UNKNOWN || result.expired())) {
            return CommitSignatureStatus.REFUSED_UNTRUSTED_PREFIX + result.keyFingerprint();
        }
        return CommitSignatureStatus.REFUSED_INVALID;
    }

    private static Config sshConfig() {
        var git = new Config();
        git.setString("gpg", null, "format", "ssh");
        return git;
    }

    /** Some {@code key-type base64} pair on the line parses as a public key (options before it may be quoted). */
    private static boolean hasPublicKey(String line) {
        var tokens = line.split("\\s+");
        for (var i = 1; i + 1 < tokens.length; i++) {
            try {
                PublicKeyEntry.parsePublicKeyEntry(tokens[i] + " " + tokens[i + 1])
                        .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
                return true;
            } catch (Exception notAKey) {
                // an option or a principal; try the next pair
            }
        }
        return false;
    }
}

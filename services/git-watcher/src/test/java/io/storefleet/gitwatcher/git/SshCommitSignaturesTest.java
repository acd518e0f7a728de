package io.storefleet.gitwatcher.git;

import io.storefleet.model.CommitSignatureStatus;
import io.storefleet.model.FailureReason;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The signed-commits policy with SSH signers, alone and next to OpenPGP keys, over real signed commit objects. */
class SshCommitSignaturesTest {
    private static final ObjectId TREE = ObjectId.fromString("4b825dc642cb6eb9a060e54bf8d69288fbee4904");

    enum Policy { NONE, OPENPGP, SSH, BOTH }

    enum Commit { UNSIGNED, SSH_ALLOWED, SSH_UNKNOWN, SSH_TAMPERED, SSH_SIGNER_EXPIRED, OPENPGP_TRUSTED, OPENPGP_OTHER }

    @TempDir
    static Path dir;
    private static SshKeys allowed;
    private static SshKeys unknown;
    private static SshKeys expired;
    private static SigningKeys pgpTrusted;
    private static SigningKeys pgpOther;
    private static Path pgpFile;
    private static Path sshFile;

    @BeforeAll
    static void keys() throws Exception {
        allowed = SshKeys.generate(dir.resolve("allowed"));
        unknown = SshKeys.generate(dir.resolve("unknown"));
        expired = SshKeys.generate(dir.resolve("expired"));
        pgpTrusted = SigningKeys.generate();
        pgpOther = SigningKeys.generate();
        pgpFile = pgpTrusted.writePublicKey(dir.resolve("trusted-signers.asc"));
        // the commits below are dated 2023-11-14: the expired key's line ended before that
        sshFile = Files.writeString(dir.resolve("allowed_signers"), """
                # platform team
                %s
                ops@example.com namespaces="git" valid-before="20200101" %s
                """.formatted(allowed.allowedSigner("ada@example.com"), expired.publicKey()));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // policy, commit, expected status ({allowed} etc. = that key's fingerprint or id), refusal
                arguments(Policy.SSH, Commit.SSH_ALLOWED, "valid:{allowed}", null),
                arguments(Policy.BOTH, Commit.SSH_ALLOWED, "valid:{allowed}", null),
                arguments(Policy.SSH, Commit.SSH_UNKNOWN, "refused:untrusted:{unknown}", FailureReason.UntrustedSigner),
                arguments(Policy.BOTH, Commit.SSH_UNKNOWN, "refused:untrusted:{unknown}", FailureReason.UntrustedSigner),
                arguments(Policy.OPENPGP, Commit.SSH_ALLOWED, "refused:untrusted:{allowed}", FailureReason.UntrustedSigner),
                arguments(Policy.SSH, Commit.SSH_SIGNER_EXPIRED, "refused:untrusted:{expired}", FailureReason.UntrustedSigner),
                arguments(Policy.SSH, Commit.SSH_TAMPERED, "refused:invalid", FailureReason.UntrustedSigner),
                arguments(Policy.SSH, Commit.UNSIGNED, "refused:unsigned", FailureReason.UnsignedCommit),
                arguments(Policy.BOTH, Commit.UNSIGNED, "refused:unsigned", FailureReason.UnsignedCommit),
                arguments(Policy.BOTH, Commit.OPENPGP_TRUSTED, "valid:{pgp}", null),
                arguments(Policy.BOTH, Commit.OPENPGP_OTHER, "refused:untrusted:{pgpOther}", FailureReason.UntrustedSigner),
                arguments(Policy.SSH, Commit.OPENPGP_TRUSTED, "refused:untrusted:{pgp}", FailureReason.UntrustedSigner),
                arguments(Policy.NONE, Commit.SSH_ALLOWED, "signed", null),
                arguments(Policy.NONE, Commit.SSH_UNKNOWN, "signed", null),
                arguments(Policy.NONE, Commit.UNSIGNED, "unsigned", null));
    }

    @ParameterizedTest(name = "{0} policy, {1} commit -> {2}")
    @MethodSource("table")
    void statusUnderPolicy(Policy policy, Commit commit, String expected, FailureReason refusal) throws Exception {
        var status = policy(policy).status(raw(commit));

        assertThat(status).isEqualTo(expected
                .replace("{allowed}", allowed.fingerprint())
                .replace("{unknown}", unknown.fingerprint())
                .replace("{expired}", expired.fingerprint())
                .replace("{pgpOther}", pgpOther.keyId())
                .replace("{pgp}", pgpTrusted.keyId()));
        assertThat(CommitSignatureStatus.refusal(status)).isEqualTo(Optional.ofNullable(refusal));
    }

    @Test
    void fingerprintIsTheOneSshKeygenPrints() {
        assertThat(allowed.fingerprint()).startsWith("SHA256:").doesNotEndWith("=");
    }

    @Test
    void allowedSignersFileWithoutAKeyOnALineFailsAtLoad() throws Exception {
        var broken = Files.writeString(dir.resolve("broken_signers"),
                allowed.allowedSigner("ada@example.com") + "\nbob@example.com ssh-ed25519 not-base64\n");

        assertThatThrownBy(() -> CommitSignatures.policy(Optional.empty(), Optional.of(broken)))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> CommitSignatures.policy(Optional.empty(), Optional.of(dir.resolve("missing"))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void sshAllowedSignersGivenAsTheOpenPgpFileFailsAtLoad() {
        assertThatThrownBy(() -> CommitSignatures.policy(Optional.of(sshFile), Optional.empty()))
                .isInstanceOf(IOException.class).hasMessageContaining("no OpenPGP public key");
    }

    private static CommitSignatures policy(Policy policy) throws IOException {
        return switch (policy) {
            case NONE -> CommitSignatures.none();
            case OPENPGP -> CommitSignatures.policy(Optional.of(pgpFile), Optional.empty());
            case SSH -> CommitSignatures.policy(Optional.empty(), Optional.of(sshFile));
            case BOTH -> CommitSignatures.policy(Optional.of(pgpFile), Optional.of(sshFile));
        };
    }

    private static byte[] raw(Commit commit) throws Exception {
        var unsigned = SigningKeys.commit(TREE, null, "release 1.2.0\n");
        return switch (commit) {
            case UNSIGNED -> unsigned.build();
            case SSH_ALLOWED -> allowed.signed(unsigned).build();
            case SSH_UNKNOWN -> unknown.signed(unsigned).build();
            case SSH_SIGNER_EXPIRED -> expired.signed(unsigned).build();
            case SSH_TAMPERED -> new String(allowed.signed(unsigned).build(), StandardCharsets.ISO_8859_1)
                    .replace("release 1.2.0", "release 6.6.6").getBytes(StandardCharsets.ISO_8859_1);
            case OPENPGP_TRUSTED -> pgpTrusted.signed(unsigned).build();
            case OPENPGP_OTHER -> pgpOther.signed(unsigned).build();
        };
    }
}

package io.storefleet.gitwatcher.git;

import io.storefleet.model.CommitSignatureStatus;
import io.storefleet.model.FailureReason;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class CommitSignaturesTest {
    private static final ObjectId TREE = ObjectId.fromString("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    private static SigningKeys trustedKey;
    private static SigningKeys otherKey;
    private static CommitSignatures policy;

    @BeforeAll
    static void keys() throws Exception {
        trustedKey = SigningKeys.generate();
        otherKey = SigningKeys.generate();
        policy = CommitSignatures.trusting(trustedKey.writePublicKey(Files.createTempFile("trusted", ".asc")));
    }

    @Test
    void unsignedCommitIsRefusedUnderAPolicyAndOnlyNotedWithout() throws Exception {
        var raw = SigningKeys.commit(TREE, null, "no signature\n").build();
        assertThat(policy.status(raw)).isEqualTo(CommitSignatureStatus.REFUSED_UNSIGNED);
        assertThat(CommitSignatureStatus.refusal(policy.status(raw))).contains(FailureReason.UnsignedCommit);
        assertThat(CommitSignatures.none().status(raw)).isEqualTo(CommitSignatureStatus.UNSIGNED);
    }

    @Test
    void commitSignedByATrustedKeyIsValid() throws Exception {
        var raw = trustedKey.signed(SigningKeys.commit(TREE, null, "release 1.2.0\n")).build();
        assertThat(policy.status(raw)).startsWith(CommitSignatureStatus.VALID_PREFIX);
        assertThat(CommitSignatureStatus.refusal(policy.status(raw))).isEmpty();
        assertThat(CommitSignatures.none().status(raw)).isEqualTo(CommitSignatureStatus.SIGNED);
    }

    @Test
    void commitSignedByAnotherKeyIsRefusedAsUntrusted() throws Exception {
        var raw = otherKey.signed(SigningKeys.commit(TREE, null, "release 1.2.0\n")).build();
        assertThat(policy.status(raw)).startsWith(CommitSignatureStatus.REFUSED_UNTRUSTED_PREFIX);
        assertThat(CommitSignatureStatus.refusal(policy.status(raw))).contains(FailureReason.UntrustedSigner);
    }

    @Test
    void tamperedSignedCommitIsRefused() throws Exception {
        var raw = new String(trustedKey.signed(SigningKeys.commit(TREE, null, "release 1.2.0\n")).build(), StandardCharsets.ISO_8859_1)
                .replace("release 1.2.0", "release 6.6.6").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(policy.status(raw)).isEqualTo(CommitSignatureStatus.REFUSED_INVALID);
        assertThat(CommitSignatureStatus.refusal(policy.status(raw))).contains(FailureReason.UntrustedSigner);
    }

    @Test
    void payloadIsTheCommitWithoutItsSignatureHeader() throws Exception {
        var unsigned = SigningKeys.commit(TREE, null, "msg\n");
        var payload = unsigned.build();
        var split = CommitSignatures.split(trustedKey.signed(unsigned).build());
        assertThat(split.payload()).isEqualTo(payload);
        assertThat(new String(split.signature(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PGP SIGNATURE-----");
    }
}

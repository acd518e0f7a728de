package io.storefleet.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the planner makes of each signature status git-watcher emits (OpenPGP key ids, SSH fingerprints). */
class CommitSignatureStatusTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "unsigned,                                   none",
            "signed,                                     none",
            "valid:4F2A9C1B7E3D5A60,                     none",
            "valid:SHA256:eY8vybmy4jQpw+R/0f0lsE5h0gvXyWG+aAtJHFsfGLw, none",
            "refused:unsigned,                           UnsignedCommit",
            "refused:untrusted:4F2A9C1B7E3D5A60,         UntrustedSigner",
            "refused:untrusted:SHA256:eY8vybmy4jQpw+R/0f0lsE5h0gvXyWG+aAtJHFsfGLw, UntrustedSigner",
            "refused:invalid,                            UntrustedSigner",
            "none,                                       none"})
    void refusalOfStatus(String status, FailureReason expected) {
        assertThat(CommitSignatureStatus.refusal(status)).isEqualTo(java.util.Optional.ofNullable(expected));
    }
}

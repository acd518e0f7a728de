package io.storefleet.gitwatcher.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookAuthTest {
    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
    private static final String GITHUB_DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @ParameterizedTest(name = "secret={0} allowUnsigned={1} github={2} gitlab={3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            "s3cret, false, VALID,  -,      GitHubSignatureValid",
            "s3cret, false, WRONG,  -,      SignatureMismatch",
            "s3cret, false, -,      s3cret, GitLabTokenValid",
            "s3cret, false, -,      nope,   SignatureMismatch",
            "s3cret, false, -,      -,      Unsigned",
            "s3cret, true,  -,      -,      Unsigned",
            "-,      false, -,      -,      Unsigned",
            "-,      false, VALID,  -,      Unsigned",
            "-,      true,  -,      -,      UnsignedAllowed",
    })
    void verdicts(String secret, boolean allowUnsigned, String github, String gitlab, WebhookVerdict expected) {
        var signature = github == null ? null
                : github.equals("VALID") ? WebhookAuth.githubSignature("s3cret", BODY) : "sha256=" + "0".repeat(64);
        assertThat(WebhookAuth.verify(Optional.ofNullable(secret), allowUnsigned, BODY, signature, gitlab)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void matchesGitHubsDocumentedExample() {
        var body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookAuth.githubSignature("It's a Secret to Everybody", body)).isEqualTo(GITHUB_DOC_SIGNATURE);
        assertThat(WebhookAuth.verify(Optional.of("It's a Secret to Everybody"), false, body, GITHUB_DOC_SIGNATURE, null))
                .isEqualTo(WebhookVerdict.GitHubSignatureValid);
    }
}

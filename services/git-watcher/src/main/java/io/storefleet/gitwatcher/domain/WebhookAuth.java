package io.storefleet.gitwatcher.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Verifies a push webhook: GitHub signs the raw body ({@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256>}),
 * GitLab sends the shared secret itself ({@code X-Gitlab-Token}). Comparisons are constant-time.
 */
public final class WebhookAuth {
    public static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
    public static final String GITHUB_DELIVERY = "X-GitHub-Delivery";
    public static final String GITLAB_TOKEN = "X-Gitlab-Token";
    public static final String GITLAB_DELIVERY = "X-Gitlab-Event-UUID";

    /**
     * @param secret        the repo's webhook secret; empty = none configured
     * @param allowUnsigned accept requests when no secret is configured (development only)
     */
    public static WebhookVerdict verify(Optional<String> secret, boolean allowUnsigned, byte[] body,
                                        String githubSignature, String gitlabToken) {
        if (secret.isEmpty()) {
            return allowUnsigned ? WebhookVerdict.UnsignedAllowed : WebhookVerdict.Unsigned;
        }
        if (githubSignature != null) {
            return equal(githubSignature, "sha256=" + hmacSha256Hex(secret.get(), body))
                    ? WebhookVerdict.GitHubSignatureValid : WebhookVerdict.SignatureMismatch;
        }
        if (gitlabToken != null) {
            return equal(gitlabToken, secret.get()) ? WebhookVerdict.GitLabTokenValid : WebhookVerdict.SignatureMismatch;
        }
        return WebhookVerdict.Unsigned;
    }

    /** The GitHub signature header value of {@code body} under {@code secret} (what senders put in the header). */
    public static String githubSignature(String secret, byte[] body) {
        return "sha256=" + hmacSha256Hex(secret, body);
    }

    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private WebhookAuth() {
    }
}

package io.storefleet.gitwatcher.domain;

/** What a webhook request's authentication amounts to. */
public enum WebhookVerdict {
    /** GitHub {@code X-Hub-Signature-256} matches the HMAC-SHA256 of the body under the secret. */
    GitHubSignatureValid,
    /** GitLab {@code X-Gitlab-Token} equals the secret. */
    GitLabTokenValid,
    /** No secret configured and unsigned webhooks explicitly allowed (development only). */
    UnsignedAllowed,
    /** Neither header present. */
    Unsigned,
    /** A header is present but does not match. */
    SignatureMismatch;

    public boolean accepted() {
        return this == GitHubSignatureValid || this == GitLabTokenValid || this == UnsignedAllowed;
    }
}

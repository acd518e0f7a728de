package io.storefleet.gitwatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What git-watcher watches and how often. */
@ConfigMapping(prefix = "storefleet.git-watcher")
public interface GitWatcherConfig {

    /** Repositories to watch, by repo id (the Kafka key and event subject). */
    Map<String, Repo> repos();

    /** How often every repo is fetched; a webhook triggers an extra check in between. */
    @WithDefault("5s")
    Duration pollInterval();

    /** Network timeout of one fetch; keeps one dead remote from stalling the poll loop for long. */
    @WithDefault("20s")
    Duration fetchTimeout();

    /** How long to wait for Kafka to acknowledge a CommitDetected before the check counts as failed. */
    @WithDefault("30s")
    Duration sendTimeout();

    /**
     * File whose first line is the webhook secret of every repo without its own: GitHub's HMAC key
     * ({@code X-Hub-Signature-256}) or GitLab's token ({@code X-Gitlab-Token}). A file, so the secret is never on a
     * command line.
     */
    Optional<String> webhookSecretFile();

    /** Accept unsigned webhooks for repos without a secret. Development only: anyone could then trigger fetches. */
    @WithDefault("false")
    boolean allowUnsignedWebhooks();

    interface Repo {
        /** This repo's webhook secret file (first line), overriding {@code webhook-secret-file}. */
        Optional<String> webhookSecretFile();

        /**
         * Signed-commits policy: an armored OpenPGP public key ring of the signers trusted for this repo. Set (this or
         * {@code allowed-ssh-signers-file}), a commit not signed by a trusted key is emitted as refused and the planner
         * plans nothing for it. Neither set, no policy.
         */
        Optional<String> trustedSignersFile();

        /**
         * Signed-commits policy for SSH-signed commits ({@code gpg.format=ssh}): the repo's allowed signers in git's
         * {@code gpg.ssh.allowedSignersFile} format, one {@code principal [options] key-type base64-key} per line.
         * May be set next to {@code trusted-signers-file}: a commit then passes when signed by a key of either.
         */
        Optional<String> allowedSshSignersFile();

        /** Local path or URL (file://, https://, ssh://) of the repository. */
        String url();

        /** Branch whose head is watched. */
        @WithDefault("main")
        String branch();
    }
}

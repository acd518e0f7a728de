package io.storefleet.gitwatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

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

    interface Repo {
        /** Local path or URL (file://, https://, ssh://) of the repository. */
        String url();

        /** Branch whose head is watched. */
        @WithDefault("main")
        String branch();
    }
}

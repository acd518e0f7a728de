package io.storefleet.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the audit-log service. */
@ConfigMapping(prefix = "storefleet.audit-log")
public interface AuditLogConfig {
    /** Ledger rows returned by /api/events when the caller gives no limit. */
    @WithDefault("100")
    int eventsDefaultLimit();

    /** Upper bound on /api/events?limit=, so one call cannot pull the whole ledger. */
    @WithDefault("1000")
    int eventsMaxLimit();

    /** How often the relay looks for ledger rows not yet published to storefleet.audit.ledger. */
    @WithDefault("200ms")
    java.time.Duration relayInterval();

    /** Rows published per relay round (then the watermark moves). */
    @WithDefault("2000")
    int relayBatch();

    /** First wait before a ledger write the database failed (connection lost, restart…) is retried; doubles each time. */
    @WithDefault("200ms")
    java.time.Duration retryInitialBackoff();

    /** Longest wait between retries of a failed ledger write; retries go on until the database is back. */
    @WithDefault("30s")
    java.time.Duration retryMaxBackoff();

    /** How often /q/metrics' fleet figures (stores by state, ledger head, relay lag) are re-read from the database. */
    @WithDefault("15s")
    java.time.Duration metricsInterval();

    /** Off: nothing is published to storefleet.audit.ledger (the watermark stays). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Slack-compatible incoming webhook ({"text": …}) for WaveHalted, PlanningFailed and long-offline stores; none = off. */
    java.util.Optional<java.net.URI> webhookUrl();

    /** A store offline for longer than this is notified once per offline episode. */
    @WithDefault("10m")
    java.time.Duration offlineAfter();

    /** How often offline stores are checked. */
    @WithDefault("30s")
    java.time.Duration offlineCheckInterval();
}

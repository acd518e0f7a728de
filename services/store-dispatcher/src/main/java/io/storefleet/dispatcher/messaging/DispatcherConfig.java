package io.storefleet.dispatcher.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How hard the bridge pushes and how it waits out broker outages. */
@ConfigMapping(prefix = "storefleet.dispatcher")
public interface DispatcherConfig {
    /** Deployment records handled concurrently (published, awaiting PUBACK); keep below storefleet.mqtt.max-inflight. */
    @WithDefault("5000")
    int maxPendingDeployments();

    /** First delay before retrying a write the broker or Kafka could not take; doubles up to the max. */
    @WithDefault("100ms")
    Duration retryInitialDelay();

    /** Upper bound of the retry delay; retries never give up (an outage is not a reason to drop desired state). */
    @WithDefault("5s")
    Duration retryMaxDelay();

    /**
     * How long desired-state writes wait for the mirror of the broker's retained messages after a (re)connect
     * (DesiredMirror). If the sync marker does not come back in time (a broker ACL that refuses
     * storefleet/dispatchers/#, a cluster that reorders), writes go ahead: the duplicate check becomes best effort
     * instead of the dispatcher stalling.
     */
    @WithDefault("30s")
    Duration mirrorSyncTimeout();

    /**
     * A store's refused messages become at most one {@code StoreMessageRefused} ledger event per this interval: the
     * first at once, later ones folded into a summary with their count (RefusalRateLimit). The DLQ and the
     * storefleet_dispatcher_status_rejected_total metric still see every message.
     */
    @WithDefault("60s")
    Duration refusalSummaryInterval();
}

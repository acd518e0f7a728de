package io.storefleet.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a commit or store change is planned again when Git or the inventory database is unreadable. */
@ConfigMapping(prefix = "storefleet.planner.retry")
public interface PlannerRetryConfig {
    /** First wait before planning again; doubles each time. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** Longest wait between attempts. */
    @WithDefault("30s")
    Duration maxBackoff();

    /**
     * How long Git or the inventory may stay unreadable before the commit (or store change) is given up and
     * dead-lettered: an outage shorter than this costs a delay, not a replay by hand, and a commit that is gone for
     * good (force-pushed away) does not block the ones after it forever.
     */
    @WithDefault("15m")
    Duration giveUpAfter();
}

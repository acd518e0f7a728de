package io.storefleet.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The planner's own settings; Kafka channels and the datasource are configured in application.properties. */
@ConfigMapping(prefix = "storefleet.planner")
public interface PlannerConfig {

    /** Most records of one commit waiting for a Kafka ack at once; keep it at or below the outgoing channels' max-inflight-messages. */
    @WithDefault("1024")
    int maxInFlight();

    /** How long every record of one commit may take to be acknowledged by Kafka before the commit is nacked (and dead-lettered). */
    @WithDefault("120s")
    Duration ackTimeout();

    /** Timeout of one git fetch (connect and read). */
    @WithDefault("60s")
    Duration fetchTimeout();

    /** Largest YAML file read from a commit, in bytes; a bigger file fails its bundle as YamlInvalid. */
    @WithDefault("8388608")
    int maxFileBytes();
}

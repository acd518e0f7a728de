package io.storefleet.dispatcher.enrolment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Store enrolment: one-time tokens exchanged for a store's own broker credential (docs/SECURITY.md). */
@ConfigMapping(prefix = "storefleet.enrolment")
public interface EnrolmentConfig {
    /** The broker's store password file; unset = enrolment off (the endpoints answer 503). */
    Optional<String> passwordFile();

    /** Mosquitto's pid file, to make it reload the password file (SIGHUP) after a change. */
    Optional<String> brokerPidFile();

    /** Pending enrolment tokens, hashed (next to the password file, so every dispatcher instance on the host sees them). */
    Optional<String> tokensFile();

    /** How long an enrolment token stays valid. */
    @WithDefault("24h")
    Duration tokenTtl();

    /** The store listener as agents reach it, handed out with the credential. */
    @WithDefault("127.0.0.1")
    String mqttHost();

    @WithDefault("8883")
    int mqttPort();

    /** The fleet CA (PEM) agents pin, handed out with the credential. */
    Optional<String> caFile();
}

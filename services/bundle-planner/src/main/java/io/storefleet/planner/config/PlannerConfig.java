package io.storefleet.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /** Ed25519 private key (PKCS#8, base64 text file) that signs every deployment. Required: without it the planner does not start. */
    Optional<Path> signingKeyFile();

    /** The matching public key (X.509, base64 text file), published on GET /api/signing-key; default: signing-key-file with .pub for .key. */
    Optional<Path> signingPublicKeyFile();

    /** How often a planner instance advances the running rollouts (release waves, check gates and windows). */
    @WithDefault("1s")
    Duration rolloutTick();

    /**
     * Test clock: a file holding an ISO-8601 instant; the planner's rollout clock then reads that instant and runs on
     * from it in real time (rewriting the file jumps the clock). Absent = the system clock. For tests of windows.
     */
    Optional<Path> clockFile();

    /** How to run kustomize, e.g. {@code kubectl,kustomize} or {@code /opt/kustomize,build}; default: the first of those that works. */
    Optional<List<String>> kustomizeCommand();
}

package io.storefleet.agentapp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** One store's agent. */
@ConfigMapping(prefix = "storefleet.agent")
public interface AgentConfig {
    /** This store's id: MQTT client id and the {@code storefleet/stores/{id}/...} topics. */
    String storeId();

    /** Broker host (the fleet's MQTT endpoint as reachable from the store). */
    @WithDefault("127.0.0.1")
    String mqttHost();

    /** Broker port. */
    @WithDefault("1883")
    int mqttPort();

    /** Broker user name issued at enrolment; none for an open broker. */
    Optional<String> mqttUsername();

    /** Its password (mount it from a Secret). */
    Optional<String> mqttPassword();

    /** The fleet CA (PEM) to pin: TLS to the broker with its host name checked. Unset: plain TCP (an open development broker). */
    Optional<String> mqttTlsCaFile();

    /**
     * The dispatcher to enrol with ({@code storefleet store enroll ID} gave the operator a one-time token): when there is
     * no {@link #enrolmentCredentialFile()} yet, the agent exchanges the token in {@link #enrolmentTokenFile()} once and
     * from then on logs in with the credential it got (docs/SECURITY.md).
     */
    Optional<String> enrolmentDispatcherUrl();

    /** File with the one-time enrolment token (deleted after a successful exchange). */
    Optional<String> enrolmentTokenFile();

    /** Where the agent keeps its broker credential (owner-only) and, next to it, the fleet CA. */
    @WithDefault("/var/lib/storefleet-agent/mqtt-credential.json")
    String enrolmentCredentialFile();

    /** The fleet secrets key (base64 PKCS#8 X25519) that opens sealed values; unset: deployments with sealed values fail. */
    Optional<String> secretsKeyFile();

    /** MQTT keep-alive; the broker publishes our Last Will {@code online=false} after 1.5 × this. */
    @WithDefault("30")
    int keepAliveSeconds();

    /**
     * File with the planner's Ed25519 public key(s), base64 X.509, one per line ({@code #} comments allowed).
     * Deployments signed by none of them are refused; two keys while the signing key is rotated (docs/OPERATIONS.md).
     * Unset only with {@code allow-unsigned=true}.
     */
    Optional<String> publicKeyFile();

    /** Apply unsigned deployments when no public key is configured: development only. */
    @WithDefault("false")
    boolean allowUnsigned();

    /** Kubeconfig to use; unset: in-cluster service account, else ~/.kube/config (fabric8 auto-configuration). */
    Optional<String> kubeconfig();

    /** API server URL overriding auto-configuration (tests, or a K3s on the host: https://127.0.0.1:6443). */
    Optional<String> kubernetesMasterUrl();

    /** Where the last accepted desired state per bundle is kept for restarts without network. */
    @WithDefault("/var/lib/storefleet-agent/desired")
    String cacheDir();

    /** StoreHeartbeat period. */
    @WithDefault("30s")
    Duration heartbeatInterval();
}

package io.storefleet.dispatcher.mqtt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The dispatcher's one MQTT connection. */
@ConfigMapping(prefix = "storefleet.mqtt")
public interface MqttConfig {
    /** Broker host. */
    @WithDefault("127.0.0.1")
    String host();

    /** Broker port. */
    @WithDefault("1883")
    int port();

    /**
     * Client id prefix; the instance's id is {@code <client-id>-<instance-id>} (see {@code ClientIdentity}), stable
     * across restarts of the same instance so the broker keeps its persistent session.
     */
    @WithDefault("storefleet-dispatcher")
    String clientId();

    /**
     * This instance's id; unset = {@code HOSTNAME} (the pod name on Kubernetes), else the machine's host name, else a
     * random suffix. Instances on one machine must set it (the local stack gives instance n the id n).
     */
    Optional<String> instanceId();

    /**
     * Shared-subscription group for the stores' status and online topics ({@code $share/<group>/...}): every
     * dispatcher instance joins it, and the broker gives each message to one of them.
     */
    @WithDefault("dispatchers")
    String shareGroup();

    /** Keep-alive in seconds. */
    @WithDefault("30")
    int keepAlive();

    /** Optional username. */
    Optional<String> username();

    /** Optional password. */
    Optional<String> password();

    /** Optional file holding the password (first line); preferred over {@link #password()}, so it never shows on a command line. */
    Optional<String> passwordFile();

    /** PEM of the CA that signed the broker's certificate; set = TLS with that CA pinned and the host name checked. */
    Optional<String> tlsCaFile();

    /**
     * false = persistent session: QoS 1 status sent while we are down is delivered when we are back. But the broker
     * keeps handing a disconnected persistent member its share of a shared subscription (Mosquitto 2.0.11, seen),
     * where it waits until that same client id returns: with more than one instance, and instances that may not
     * come back under the same id (pods replaced, scale-in), set true, so a dead instance's share goes to the others.
     * Tests set true so they leave no session behind on a shared broker.
     */
    @WithDefault("false")
    boolean cleanSession();

    /** QoS 1 publishes awaiting PUBACK; bounds memory and lets a big commit go out in one burst. */
    @WithDefault("10000")
    int maxInflight();

    /**
     * Largest inbound message in bytes. Left unset, vertx-mqtt uses Netty's MqttDecoder default (8092), and with
     * Netty 4.1.133 the decoder raised {@code TooLongFrameException: message length exceeds 8092: 48} on small
     * messages under load, dropping the connection; the MQTT maximum avoids that.
     */
    @WithDefault("268435455")
    int maxMessageSize();

    /** First reconnect delay; doubles per failed attempt. */
    @WithDefault("250ms")
    Duration reconnectInitialDelay();

    /** Upper bound of the reconnect delay. */
    @WithDefault("10s")
    Duration reconnectMaxDelay();
}

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

    /** Client id; stable so the broker keeps our persistent session across restarts. */
    @WithDefault("storefleet-dispatcher")
    String clientId();

    /** Keep-alive in seconds. */
    @WithDefault("30")
    int keepAlive();

    /** Optional username. */
    Optional<String> username();

    /** Optional password. */
    Optional<String> password();

    /**
     * false = persistent session: QoS 1 status sent while we are down is delivered when we are back.
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

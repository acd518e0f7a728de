package io.storefleet.agent.mqtt;

import java.time.Duration;

/**
 * How a store reaches its broker.
 *
 * @param keepAliveSeconds MQTT keep-alive; the broker fires the Last Will after 1.5 × this
 * @param firstBackoff     wait before the first reconnect attempt; doubles per failure
 * @param maxBackoff       the cap of that doubling
 * @param username         broker user (a store's own identity, see enrolment), null for none
 * @param password         its password, null for none
 * @param tlsCaFile        PEM of the fleet CA to pin: TLS with the broker's host name checked; null = plain TCP
 */
public record MqttSettings(String host, int port, int keepAliveSeconds, Duration firstBackoff, Duration maxBackoff,
                           String username, String password, String tlsCaFile) {

    public MqttSettings(String host, int port, int keepAliveSeconds, Duration firstBackoff, Duration maxBackoff,
                        String username, String password) {
        this(host, port, keepAliveSeconds, firstBackoff, maxBackoff, username, password, null);
    }

    public MqttSettings(String host, int port, int keepAliveSeconds, Duration firstBackoff, Duration maxBackoff) {
        this(host, port, keepAliveSeconds, firstBackoff, maxBackoff, null, null, null);
    }

    public static MqttSettings of(String host, int port) {
        return new MqttSettings(host, port, 30, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public MqttSettings withKeepAliveSeconds(int seconds) {
        return new MqttSettings(host, port, seconds, firstBackoff, maxBackoff, username, password, tlsCaFile);
    }

    public MqttSettings withBackoff(Duration first, Duration max) {
        return new MqttSettings(host, port, keepAliveSeconds, first, max, username, password, tlsCaFile);
    }

    public MqttSettings withCredentials(String user, String secret) {
        return new MqttSettings(host, port, keepAliveSeconds, firstBackoff, maxBackoff, user, secret, tlsCaFile);
    }

    /** TLS to the broker, trusting only the CA in this PEM file. */
    public MqttSettings withTls(String caFile) {
        return new MqttSettings(host, port, keepAliveSeconds, firstBackoff, maxBackoff, username, password, caFile);
    }

    @Override
    public String toString() {
        return "MqttSettings[" + (tlsCaFile == null ? "" : "tls ") + host + ":" + port + ", user=" + username + "]"; // never the password
    }
}

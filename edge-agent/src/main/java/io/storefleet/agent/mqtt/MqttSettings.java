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
 */
public record MqttSettings(String host, int port, int keepAliveSeconds, Duration firstBackoff, Duration maxBackoff,
                           String username, String password) {

    public MqttSettings(String host, int port, int keepAliveSeconds, Duration firstBackoff, Duration maxBackoff) {
        this(host, port, keepAliveSeconds, firstBackoff, maxBackoff, null, null);
    }

    public static MqttSettings of(String host, int port) {
        return new MqttSettings(host, port, 30, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public MqttSettings withKeepAliveSeconds(int seconds) {
        return new MqttSettings(host, port, seconds, firstBackoff, maxBackoff, username, password);
    }

    public MqttSettings withBackoff(Duration first, Duration max) {
        return new MqttSettings(host, port, keepAliveSeconds, first, max, username, password);
    }

    public MqttSettings withCredentials(String user, String secret) {
        return new MqttSettings(host, port, keepAliveSeconds, firstBackoff, maxBackoff, user, secret);
    }

    @Override
    public String toString() {
        return "MqttSettings[" + host + ":" + port + ", user=" + username + "]"; // never the password
    }
}

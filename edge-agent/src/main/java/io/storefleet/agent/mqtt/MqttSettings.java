package io.storefleet.agent.mqtt;

import java.time.Duration;

/**
 * How a store reaches its broker.
 *
 * @param keepAliveSeconds MQTT keep-alive; the broker fires the Last Will after 1.5 × this
 * @param firstBackoff     wait before the first reconnect attempt; doubles per failure
 * @param maxBackoff       the cap of that doubling
 */
public record MqttSettings(String host, int port, int keepAliveSeconds, Duration firstBackoff, Duration maxBackoff) {

    public static MqttSettings of(String host, int port) {
        return new MqttSettings(host, port, 30, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public MqttSettings withKeepAliveSeconds(int seconds) {
        return new MqttSettings(host, port, seconds, firstBackoff, maxBackoff);
    }
}

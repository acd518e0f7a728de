package io.storefleet.dispatcher.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * A message the broker delivered to us. {@code ack} sends the PUBACK: call it once the message is safely
 * handed on, so the broker redelivers it if we die before that.
 */
public record MqttInbound(String topic, byte[] payload, boolean retained, Runnable ack) {
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}

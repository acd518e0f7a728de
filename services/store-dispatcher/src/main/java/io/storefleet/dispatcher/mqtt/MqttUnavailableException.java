package io.storefleet.dispatcher.mqtt;

/** The broker cannot take a publish right now (not connected, dropped before PUBACK, in-flight window full); retry later. */
public class MqttUnavailableException extends RuntimeException {
    public MqttUnavailableException(String message) {
        super(message, null, false, false);
    }
}

package io.storefleet.dispatcher.domain;

/** What a deployment event means for the store's retained desired topic. */
public sealed interface DesiredWrite {
    /** Retain {@code payload} at {@code topic}; {@code eventId} tells a redelivered record from a new one. */
    record Publish(String topic, String storeId, String payload, String eventId) implements DesiredWrite {
    }

    /** Retain an empty message at {@code topic}: the broker drops the retained desired state. */
    record Clear(String topic, String storeId, String eventId) implements DesiredWrite {
    }

    /** Cannot be routed; goes to the dead-letter topic. */
    record Invalid(RejectReason reason, String detail) implements DesiredWrite {
    }
}

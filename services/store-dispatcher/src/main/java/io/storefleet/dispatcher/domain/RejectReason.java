package io.storefleet.dispatcher.domain;

/** Why an inbound message was refused; written as the {@code dlq-reason} header and the metric tag. */
public enum RejectReason {
    /** Topic is not {@code storefleet/stores/{id}/...}. */
    NotAStoreTopic,
    /** Payload is not an event at all. */
    UnreadablePayload,
    /** A valid event, but not one that may arrive on this topic. */
    UnexpectedEventType,
    /** The event speaks for another store than the topic it was published on. */
    StoreIdMismatch,
    /** The envelope's subject (the Kafka key) is not the store of the topic. */
    SubjectMismatch,
    /** The online topic carried something other than {@code true}, {@code false} or nothing. */
    InvalidOnlinePayload,
    /** Store id or bundle name cannot form an MQTT topic (empty, or contains / + # or NUL). */
    InvalidDeploymentTarget
}

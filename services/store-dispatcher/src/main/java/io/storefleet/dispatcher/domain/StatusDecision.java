package io.storefleet.dispatcher.domain;

import io.storefleet.model.StoreEvent;

/** Outcome of checking one message from a store's status topic. */
public sealed interface StatusDecision {
    /** Forward {@code event} to Kafka keyed by {@code storeId}. */
    record Accept(String storeId, StoreEvent event) implements StatusDecision {
    }

    /** Refuse; {@code detail} is for humans. */
    record Reject(RejectReason reason, String detail) implements StatusDecision {
    }
}

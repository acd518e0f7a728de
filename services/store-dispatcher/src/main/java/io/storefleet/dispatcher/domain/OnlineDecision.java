package io.storefleet.dispatcher.domain;

import io.storefleet.model.StoreEvent;

/** Outcome of one message on a store's retained online topic. */
public sealed interface OnlineDecision {
    /** The store's presence changed: emit {@code event} ({@code StoreOnline} / {@code StoreOffline}). */
    record Changed(String storeId, StoreEvent event) implements OnlineDecision {
    }

    /** Same state as last seen (e.g. the retained value redelivered on resubscribe), or a cleared topic. */
    record Unchanged(String storeId) implements OnlineDecision {
    }

    record Reject(RejectReason reason, String detail) implements OnlineDecision {
    }
}

package io.storefleet.model;

/**
 * The dispatcher refused a message a store's own credential published because it speaks for another store (event or
 * envelope names another store than the topic the broker let this store write). A security event for the ledger; the
 * message itself stays on {@code storefleet.store.status.dlq}. Rate-limited per store by the dispatcher: the first
 * refusal is one event, later ones within {@code storefleet.dispatcher.refusal-summary-interval} become one summary.
 *
 * @param storeId the store whose credential published it (the topic's store: the broker's ACL guarantees that)
 * @param reason  the dispatcher's reject reason, e.g. {@code StoreIdMismatch}
 * @param detail  what it claimed, e.g. {@code topic store s1, event store s2}; for a summary
 *                {@code N refused messages since <instant> (<reason> <count>, …); last: <detail>}
 */
public record StoreMessageRefused(EventMeta meta, String storeId, String reason, String detail) implements StoreEvent {
}

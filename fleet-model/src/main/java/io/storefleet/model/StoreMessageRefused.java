package io.storefleet.model;

/**
 * The dispatcher refused a message a store's own credential published because it speaks for another store (event or
 * envelope names another store than the topic the broker let this store write). A security event for the ledger; the
 * message itself stays on {@code storefleet.store.status.dlq}.
 *
 * @param storeId the store whose credential published it (the topic's store: the broker's ACL guarantees that)
 * @param reason  the dispatcher's reject reason, e.g. {@code StoreIdMismatch}
 * @param detail  what it claimed, e.g. {@code topic store s1, event store s2}
 */
public record StoreMessageRefused(EventMeta meta, String storeId, String reason, String detail) implements StoreEvent {
}

package io.storefleet.model;

/** The store's agent went away; {@code reason} e.g. {@code LastWill}. */
public record StoreOffline(EventMeta meta, String storeId, String reason) implements StoreEvent {
}

package io.storefleet.model;

/** The store's agent connected to the broker. */
public record StoreOnline(EventMeta meta, String storeId) implements StoreEvent {
}

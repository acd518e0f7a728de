package io.storefleet.model;

/** A store that counted against a wave's failure threshold, with the state and message its agent reported. */
public record StoreFailure(String storeId, BundleState state, String message) {
}

package io.storefleet.model;

/** Events on {@link Topics#STORE_STATUS}, keyed by store id. */
public sealed interface StoreEvent extends FleetEvent permits StoreStatusReported, StoreHeartbeat, StoreOnline, StoreOffline,
        StoreAccessChanged, StoreMessageRefused {
    String storeId();
}

package io.storefleet.audit.rest;

import io.storefleet.model.BundleState;

import java.time.Instant;
import java.util.List;

/** @param state worst of the store's bundles */
public record StoreJson(String id, boolean online, Instant lastSeen, BundleState state, List<BundleJson> bundles) {
}

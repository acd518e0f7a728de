package io.storefleet.audit.domain;

import java.time.Instant;
import java.util.List;

/** A store and its bundles as currently projected. */
public record StoreSnapshot(String id, boolean online, Instant lastSeen, List<BundleView> bundles) {
}

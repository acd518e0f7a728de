package io.storefleet.model;

import java.util.List;

/** An agent's view of all its bundles, sent whenever one of them changes state. */
public record StoreStatusReported(EventMeta meta, String storeId, List<BundleStatus> bundles) implements StoreEvent {
}

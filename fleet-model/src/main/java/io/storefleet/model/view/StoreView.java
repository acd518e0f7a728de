package io.storefleet.model.view;

import java.time.Instant;
import java.util.List;

/**
 * One store as the fleet view ({@code GET /api/stores} of audit-log) shows it.
 *
 * @param state worst state of its bundles ({@link io.storefleet.model.BundleState#worst})
 */
public record StoreView(String id, Boolean online, Instant lastSeen, String state, List<BundleView> bundles) {
}

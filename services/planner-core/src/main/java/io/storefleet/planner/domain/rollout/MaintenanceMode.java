package io.storefleet.planner.domain.rollout;

/** {@code storefleet.maintenanceWindow}: when a store may receive the change. */
public enum MaintenanceMode {
    /** As soon as its wave starts (default). */
    immediate,
    /** Only while the store is closed and not in a freeze period (its row in the inventory). */
    store_hours_closed,
    /** Ignores windows and freezes, for security fixes; recorded as such in RolloutStarted. */
    urgent;

    public static MaintenanceMode parse(String text) {
        return switch (text.strip()) {
            case "immediate" -> immediate;
            case "store-hours-closed" -> store_hours_closed;
            case "urgent" -> urgent;
            default -> throw new IllegalArgumentException("maintenanceWindow must be immediate, store-hours-closed or urgent, not " + text);
        };
    }

    public String label() {
        return name().replace('_', '-');
    }
}

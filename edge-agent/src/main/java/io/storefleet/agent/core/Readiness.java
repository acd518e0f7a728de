package io.storefleet.agent.core;

/**
 * Whether a bundle's objects are ready, as the runtime sees it.
 *
 * @param modified the objects differ from what was applied (drift); {@code message} then says how
 * @param message  the first non-ready objects or the drift summary, empty when ready
 */
public record Readiness(boolean ready, boolean modified, String message) {
    public static final Readiness READY = new Readiness(true, false, "");

    public Readiness(boolean ready, String message) {
        this(ready, false, message);
    }

    public static Readiness notReady(String message) {
        return new Readiness(false, false, message);
    }

    /** Someone else changed or deleted owned objects. */
    public static Readiness modified(String message) {
        return new Readiness(false, true, message);
    }
}

package io.storefleet.agent.core;

/**
 * Whether a bundle's objects are ready, as the runtime sees it.
 *
 * @param message the first non-ready objects, empty when ready
 */
public record Readiness(boolean ready, String message) {
    public static final Readiness READY = new Readiness(true, "");

    public static Readiness notReady(String message) {
        return new Readiness(false, message);
    }
}

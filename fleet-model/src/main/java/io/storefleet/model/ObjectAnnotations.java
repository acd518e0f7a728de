package io.storefleet.model;

/** Annotations on rendered objects that the planner writes and the agent acts on. */
public final class ObjectAnnotations {
    /**
     * Comma-separated JSON pointers ({@code /spec/replicas}) of fields that are neither drift nor reverted: the
     * planner writes it from fleet.yaml's {@code diff.comparePatches}; it may also be set in a manifest directly.
     */
    public static final String IGNORE_DRIFT = "storefleet.io/ignore-drift";

    private ObjectAnnotations() {
    }
}

package io.storefleet.planner.domain;

/**
 * fleet.yaml or fleet/groups.yaml says something storefleet cannot act on safely.
 *
 * @see io.storefleet.model.FailureReason#FleetYamlInvalid
 */
public final class SpecException extends Exception {
    private final String needle;

    /** @param needle text to look for in the file to report a line (usually the offending field name), or null */
    public SpecException(String message, String needle) {
        super(message);
        this.needle = needle;
    }

    public String needle() {
        return needle;
    }
}

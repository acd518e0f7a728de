package io.storefleet.planner.service;

import io.storefleet.model.FailureReason;

/** The commit could not be planned at all; it is nacked so Kafka dead-letters it for a later replay. */
public class PlanningAbortedException extends RuntimeException {
    private final FailureReason reason;

    public PlanningAbortedException(FailureReason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}

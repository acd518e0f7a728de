package io.storefleet.model.auth;

/** What an operator token may do, each role including the ones before it. */
public enum Role {
    /** Read the fleet view, ledger and history. */
    viewer,
    /** Also change the fleet's course: rollback, pause, resume. */
    operator,
    /** Also change who belongs to the fleet: enrol and revoke stores. */
    admin;

    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }
}

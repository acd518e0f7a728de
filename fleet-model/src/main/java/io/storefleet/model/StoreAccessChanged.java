package io.storefleet.model;

/**
 * A store's broker access changed by an operator action (or by the store's own enrolment), with the actor, so the
 * ledger keeps who let a store in and who cut it off. Never carries a token or password.
 *
 * @param change what happened
 * @param actor  the operator (token's actor) or, for {@code Enrolled}, the store itself
 */
public record StoreAccessChanged(EventMeta meta, String storeId, Change change, String actor) implements StoreEvent {

    public enum Change {
        /** An admin issued a one-time enrolment token for the store. */
        EnrolmentIssued,
        /** The store exchanged its token for its own broker credential. */
        Enrolled,
        /** An admin revoked the store's credential; the broker dropped its session. */
        Revoked
    }
}

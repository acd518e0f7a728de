package io.storefleet.model.auth;

/** An authenticated caller of an operator API: who (the actor written to the ledger) and with which role. */
public record Operator(String actor, Role role) {
}

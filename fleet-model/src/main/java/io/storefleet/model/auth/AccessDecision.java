package io.storefleet.model.auth;

/** The outcome of checking a request's operator token against the role the endpoint needs. */
public sealed interface AccessDecision {
    /** Let it through; the operator is the actor of whatever it does. */
    record Allowed(Operator operator) implements AccessDecision {
    }

    /** 401: no token, or one nobody issued. */
    record Unauthenticated(String reason) implements AccessDecision {
    }

    /** 403: a valid token whose role is too small. */
    record Forbidden(Operator operator, Role needed) implements AccessDecision {
    }
}

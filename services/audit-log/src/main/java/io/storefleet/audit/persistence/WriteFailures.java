package io.storefleet.audit.persistence;

import io.vertx.pgclient.PgException;

/**
 * Which database failures a retry can cure. Postgres refuses an event itself only with a data exception (SQLSTATE
 * class 22, e.g. a NUL character in text), an integrity violation (23) or a program limit (54, e.g. an oversized row):
 * those events are bad and go to their dead-letter topic. Everything else — a lost or refused connection, a restart,
 * a timeout, a deadlock or serialization failure, even a missing table while a migration runs — is the database's
 * trouble, not the event's: the batch is retried, and nothing is dead-lettered for it.
 */
public final class WriteFailures {

    /** @return the SQLSTATE when Postgres refused the statement for its data; null for every other failure */
    public static String badDataState(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                var state = pg.getSqlState();
                return state.startsWith("22") || state.startsWith("23") || state.startsWith("54") ? state : null;
            }
        }
        return null;
    }

    public static boolean isBadData(Throwable failure) {
        return badDataState(failure) != null;
    }

    public static boolean isTransient(Throwable failure) {
        return !isBadData(failure);
    }

    /** One line for a dead-letter reason header or a log line. */
    public static String describe(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState() + " " + pg.getErrorMessage();
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private WriteFailures() {
    }
}

package io.storefleet.planner.git;

/** The repository or commit could not be read; the message says what and where. */
public class GitReadException extends Exception {
    public GitReadException(String message, Throwable cause) {
        super(message, cause);
    }

    public GitReadException(String message) {
        super(message);
    }
}

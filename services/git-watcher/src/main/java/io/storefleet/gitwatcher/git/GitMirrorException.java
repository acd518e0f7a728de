package io.storefleet.gitwatcher.git;

/** A fetch or read that failed; the message is the reason shown in health and webhook answers. */
public class GitMirrorException extends RuntimeException {
    public GitMirrorException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public GitMirrorException(String reason) {
        super(reason);
    }
}

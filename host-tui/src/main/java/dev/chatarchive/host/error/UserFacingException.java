package dev.chatarchive.host.error;

/**
 * A failure the user can meet and act on: its message is a full sentence that says what happened
 * and what to do next, and it is printed as is (the stack trace goes to the log file only).
 *
 * <p>The exit code tells scripts what kind of failure it was; see {@link ExitCodes}.
 */
public class UserFacingException extends RuntimeException {

    private final int exitCode;

    public UserFacingException(String sentence, int exitCode) {
        this(sentence, exitCode, null);
    }

    public UserFacingException(String sentence, int exitCode, Throwable cause) {
        super(sentence, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code to end with when this failure ends a command. */
    public int exitCode() {
        return exitCode;
    }
}

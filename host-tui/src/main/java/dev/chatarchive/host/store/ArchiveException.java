package dev.chatarchive.host.store;

/**
 * The archive cannot do what was asked. The message is a sentence for the user: what happened and
 * what to do next. The cause, if any, is for the log.
 */
public class ArchiveException extends RuntimeException {

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.chatarchive.host.store;

/** The archive file is damaged (SQLite reports corruption); the message says how to check and recover it. */
public final class ArchiveCorruptException extends ArchiveException {

    ArchiveCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}

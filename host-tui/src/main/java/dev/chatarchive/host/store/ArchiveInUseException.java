package dev.chatarchive.host.store;

/** Another process holds the archive open for writing. */
public final class ArchiveInUseException extends ArchiveException {

    public ArchiveInUseException(String message) {
        super(message);
    }
}

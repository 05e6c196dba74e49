package dev.chatarchive.host.store;

/**
 * A value breaks one of the archive's rules (the seed's validation rules). The message names the
 * field and the rule. Nothing was written.
 */
public final class ValidationException extends ArchiveException {

    public ValidationException(String message) {
        super(message);
    }
}

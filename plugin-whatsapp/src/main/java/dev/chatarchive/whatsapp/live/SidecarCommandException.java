package dev.chatarchive.whatsapp.live;

/**
 * The sidecar answered a command with {@code "ok": false}: its error code (see docs/whatsapp-live.md),
 * a sentence, and whether asking again may help.
 */
final class SidecarCommandException extends Exception {

    private final String code;
    private final boolean retryable;

    SidecarCommandException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    String code() {
        return code;
    }

    boolean retryable() {
        return retryable;
    }
}

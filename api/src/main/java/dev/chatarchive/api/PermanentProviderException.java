package dev.chatarchive.api;

/**
 * A failure that asking again will not mend: an unknown chat, a corrupt source, a logged-out
 * account, a chat that cannot be paged. See {@link ProviderException}.
 */
public final class PermanentProviderException extends ProviderException {

    public PermanentProviderException(String message) {
        super(message, null);
    }

    public PermanentProviderException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}

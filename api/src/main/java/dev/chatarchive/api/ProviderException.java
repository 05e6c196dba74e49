package dev.chatarchive.api;

/**
 * A provider could not answer. Always one of two kinds, and the kind decides what the host does:
 * <ul>
 *   <li>{@link RetryableProviderException}: the condition may pass (timeout, lost connection, phone
 *       offline, rate limit). The host retries with backoff, a bounded number of times, and then
 *       leaves the sync {@code interrupted}, resumable later.
 *   <li>{@link PermanentProviderException}: asking again will not help (unknown chat, corrupt
 *       source, logged out). The host marks the sync {@code failed} with {@link #getMessage()}.
 * </ul>
 * The message is shown to the user: write a sentence that says what happened and, where possible,
 * what to do about it.
 */
public abstract sealed class ProviderException extends Exception
        permits RetryableProviderException, PermanentProviderException {

    protected ProviderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether asking again later may succeed. */
    public abstract boolean isRetryable();
}

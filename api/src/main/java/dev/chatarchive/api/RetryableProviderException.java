package dev.chatarchive.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass if the host asks again later: a timeout, a lost connection, the phone
 * offline, a rate limit. See {@link ProviderException}.
 */
public final class RetryableProviderException extends ProviderException {

    private final Duration retryAfter;

    public RetryableProviderException(String message) {
        this(message, null, null);
    }

    public RetryableProviderException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param retryAfter how long the provider asks the host to wait before the next try, or
     *                   {@code null} to leave it to the host's backoff
     */
    public RetryableProviderException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The wait the provider asked for, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}

package dev.chatarchive.host.sync;

import dev.chatarchive.api.RetryableProviderException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the sync engine retries a page after a {@link RetryableProviderException}: exponential
 * backoff, doubling from {@code firstDelay} up to {@code maxDelay}, for at most {@code maxAttempts}
 * calls of the same page in a row. A provider that asks for a specific wait
 * ({@link RetryableProviderException#retryAfter()}) gets at least that wait, unless it asks for more
 * than {@code longestHonouredWait}: then the sync gives up at once rather than hold a worker for
 * hours, and the chat is left resumable.
 *
 * @param maxAttempts         how many calls of one page are made before giving up, >= 1
 * @param firstDelay          the wait after the first failure, > 0
 * @param maxDelay            the longest backoff wait, >= firstDelay
 * @param longestHonouredWait the longest wait a provider may ask for, >= maxDelay
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration longestHonouredWait) {

    /** Five calls, waiting 1 s, 2 s, 4 s, 8 s between them; a provider may ask for up to 5 minutes. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(firstDelay, "firstDelay must not be null");
        Objects.requireNonNull(maxDelay, "maxDelay must not be null");
        Objects.requireNonNull(longestHonouredWait, "longestHonouredWait must not be null");
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("firstDelay must be positive, was " + firstDelay);
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be >= firstDelay, was " + maxDelay);
        }
        if (longestHonouredWait.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("longestHonouredWait must be >= maxDelay, was " + longestHonouredWait);
        }
    }

    /**
     * How long to wait before calling again, after {@code failedAttempts} calls of the same page have
     * failed, the last one with {@code failure}; empty when the sync should give up.
     *
     * @param failedAttempts how many calls of this page failed so far, >= 1
     */
    public Optional<Duration> delayBeforeRetry(int failedAttempts, RetryableProviderException failure) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be >= 1, was " + failedAttempts);
        }
        if (failedAttempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration backoff = backoff(failedAttempts);
        Optional<Duration> asked = failure.retryAfter();
        if (asked.isPresent()) {
            if (asked.get().compareTo(longestHonouredWait) > 0) {
                return Optional.empty();
            }
            return Optional.of(asked.get().compareTo(backoff) > 0 ? asked.get() : backoff);
        }
        return Optional.of(backoff);
    }

    private Duration backoff(int failedAttempts) {
        // Shift with a cap so that a large maxAttempts cannot overflow the multiplication.
        int doublings = Math.min(failedAttempts - 1, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}

package dev.chatarchive.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the host may press a provider. The host's sync engine honours it across all chats of
 * the provider: no more than {@code maxConcurrentRequests} page requests in flight, at least
 * {@code pauseBetweenRequests} between the end of one and the start of the next, and never a page
 * larger than {@code maxPageSize}.
 *
 * @param maxConcurrentRequests how many {@link HistoryProvider#fetchHistory} calls may run at once, >= 1
 * @param pauseBetweenRequests  the least pause between two calls; zero for none
 * @param maxPageSize           the largest {@link HistoryRequest#limit()} the provider accepts, 1..10000
 */
public record SyncPolicy(int maxConcurrentRequests, Duration pauseBetweenRequests, int maxPageSize) {

    /** No limits worth speaking of: for local sources such as files. */
    public static final SyncPolicy UNLIMITED = new SyncPolicy(4, Duration.ZERO, 1000);

    public SyncPolicy {
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be >= 1, was " + maxConcurrentRequests);
        }
        Objects.requireNonNull(pauseBetweenRequests, "pauseBetweenRequests must not be null");
        if (pauseBetweenRequests.isNegative()) {
            throw new IllegalArgumentException("pauseBetweenRequests must not be negative, was " + pauseBetweenRequests);
        }
        if (maxPageSize < 1 || maxPageSize > 10_000) {
            throw new IllegalArgumentException("maxPageSize must be 1..10000, was " + maxPageSize);
        }
    }
}

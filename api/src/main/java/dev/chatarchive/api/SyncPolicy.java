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

    /**
     * For local sources such as files: up to 4 requests at once, no pause, pages of up to 1,000
     * messages. The default of {@link HistoryProvider#syncPolicy()}.
     *
     * @since 1.1.0
     */
    public static final SyncPolicy LOCAL_SOURCE = new SyncPolicy(4, Duration.ZERO, 1000);

    /**
     * The old name of {@link #LOCAL_SOURCE}, which has limits (4 requests, pages of 1,000).
     *
     * @deprecated since 1.1.0; use {@link #LOCAL_SOURCE}, the same policy
     */
    @Deprecated(since = "1.1.0")
    public static final SyncPolicy UNLIMITED = LOCAL_SOURCE;

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

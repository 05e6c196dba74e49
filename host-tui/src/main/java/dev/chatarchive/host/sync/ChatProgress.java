package dev.chatarchive.host.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one running sync stands.
 *
 * @param chatId            the chat
 * @param phase             which way it is paging
 * @param newMessages       new messages stored by this run so far
 * @param skippedMessages   messages of this run refused as invalid or belonging to another chat
 * @param percent           0..100: the share of the chat's estimated history held when the provider
 *                          gives an estimate, else the share of the request's {@code max_messages}
 * @param remainingMessages how many more new messages this run expects at most (the request's limit
 *                          left, or less when the provider's estimate says the chat ends sooner)
 * @param messagesPerSecond the recent pace
 * @param remaining         the estimated time left at the recent pace, or {@code null} while unknown
 */
public record ChatProgress(String chatId, SyncPhase phase, long newMessages, long skippedMessages, int percent,
                           long remainingMessages, double messagesPerSecond, Duration remaining) {

    public ChatProgress {
        Objects.requireNonNull(chatId, "chatId must not be null");
        Objects.requireNonNull(phase, "phase must not be null");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100, was " + percent);
        }
    }

    /** The estimated time left, if the pace is known. */
    public Optional<Duration> estimatedRemaining() {
        return Optional.ofNullable(remaining);
    }
}

package dev.chatarchive.host.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * How all running syncs of this process stand together.
 *
 * @param activeSyncs how many syncs are running
 * @param newMessages new messages stored by the running syncs so far
 * @param percent     the mean of the running syncs' percentages, 0..100 (0 when none runs)
 * @param remaining   the estimated time until the slowest-to-finish work is done at the combined
 *                    recent pace, or {@code null} while unknown
 */
public record OverallProgress(int activeSyncs, long newMessages, int percent, Duration remaining) {

    public OverallProgress {
        if (activeSyncs < 0) {
            throw new IllegalArgumentException("activeSyncs must be >= 0, was " + activeSyncs);
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100, was " + percent);
        }
    }

    public Optional<Duration> estimatedRemaining() {
        return Optional.ofNullable(remaining);
    }
}

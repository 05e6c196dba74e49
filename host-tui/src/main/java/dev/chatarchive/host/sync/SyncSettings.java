package dev.chatarchive.host.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The sync engine's knobs.
 *
 * @param retry          how page requests are retried after retryable failures
 * @param callTimeout    how long one page request may take once started before it counts as a
 *                       retryable failure (the host's own timeout, on top of the provider's)
 * @param progressWindow how far back the pace for time estimates looks
 * @param clock          the clock for pauses, backoff and estimates
 * @param sleeper        how the engine waits (tests jump the clock instead)
 */
public record SyncSettings(RetryPolicy retry, Duration callTimeout, Duration progressWindow, Clock clock,
                           Sleeper sleeper) {

    public SyncSettings {
        Objects.requireNonNull(retry, "retry must not be null");
        Objects.requireNonNull(callTimeout, "callTimeout must not be null");
        Objects.requireNonNull(progressWindow, "progressWindow must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(sleeper, "sleeper must not be null");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
        }
    }

    /**
     * The defaults: {@link RetryPolicy#DEFAULT}, 150 seconds per page, a 30-second window for the
     * pace, real waiting. The page timeout is a backstop: in the application every provider is
     * behind the plugin guard, whose own history timeout (2 minutes) ends a stuck call first, with a
     * sentence naming the plugin.
     */
    public static SyncSettings defaults(Clock clock) {
        return new SyncSettings(RetryPolicy.DEFAULT, Duration.ofSeconds(150), Duration.ofSeconds(30), clock,
                Sleeper.SYSTEM);
    }

    public SyncSettings withRetry(RetryPolicy retry) {
        return new SyncSettings(retry, callTimeout, progressWindow, clock, sleeper);
    }

    public SyncSettings withCallTimeout(Duration callTimeout) {
        return new SyncSettings(retry, callTimeout, progressWindow, clock, sleeper);
    }

    public SyncSettings withSleeper(Sleeper sleeper) {
        return new SyncSettings(retry, callTimeout, progressWindow, clock, sleeper);
    }
}

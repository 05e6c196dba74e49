package dev.chatarchive.host.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The sync engine's knobs.
 *
 * @param retry          how page requests are retried after retryable failures
 * @param turnTimeout    how long a page request may wait for the provider's throttle to let it start
 *                       before it counts as a retryable "busy" failure (how long a started call may
 *                       take is the plugin guard's timeout, not the engine's)
 * @param progressWindow how far back the pace for time estimates looks
 * @param clock          the clock for pauses, backoff and estimates
 * @param sleeper        how the engine waits (tests jump the clock instead)
 */
public record SyncSettings(RetryPolicy retry, Duration turnTimeout, Duration progressWindow, Clock clock,
                           Sleeper sleeper) {

    public SyncSettings {
        Objects.requireNonNull(retry, "retry must not be null");
        Objects.requireNonNull(turnTimeout, "turnTimeout must not be null");
        Objects.requireNonNull(progressWindow, "progressWindow must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(sleeper, "sleeper must not be null");
        if (turnTimeout.isNegative() || turnTimeout.isZero()) {
            throw new IllegalArgumentException("turnTimeout must be positive, was " + turnTimeout);
        }
    }

    /**
     * The defaults: {@link RetryPolicy#DEFAULT}, 5 minutes for a page to get its turn, a 30-second
     * window for the pace, real waiting.
     */
    public static SyncSettings defaults(Clock clock) {
        return new SyncSettings(RetryPolicy.DEFAULT, Duration.ofMinutes(5), Duration.ofSeconds(30), clock,
                Sleeper.SYSTEM);
    }

    public SyncSettings withRetry(RetryPolicy retry) {
        return new SyncSettings(retry, turnTimeout, progressWindow, clock, sleeper);
    }

    public SyncSettings withTurnTimeout(Duration turnTimeout) {
        return new SyncSettings(retry, turnTimeout, progressWindow, clock, sleeper);
    }

    public SyncSettings withSleeper(Sleeper sleeper) {
        return new SyncSettings(retry, turnTimeout, progressWindow, clock, sleeper);
    }
}

package dev.chatarchive.host.sync;

import java.time.Duration;

/**
 * Waits. The sync engine never calls {@link Thread#sleep} itself, so tests can replace waiting with
 * a clock that jumps; a sleep must end early with {@link InterruptedException} when the thread is
 * interrupted, which is how a cancel reaches a sync that is backing off.
 */
@FunctionalInterface
public interface Sleeper {

    /** Real waiting on the calling thread. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isZero() && !duration.isNegative()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };

    /** Wait for {@code duration} (nothing for zero or negative). */
    void sleep(Duration duration) throws InterruptedException;
}

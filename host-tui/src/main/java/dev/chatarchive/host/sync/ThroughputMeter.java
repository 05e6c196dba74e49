package dev.chatarchive.host.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * Messages per second over the recent past, and the time left at that pace. Only recent samples
 * count (the last {@code window}), because a live provider's pace changes: the phone wakes up, a
 * rate limit starts, and a lifetime average would promise an end that never comes.
 *
 * <p>Not thread-safe; each sync owns one.
 */
public final class ThroughputMeter {

    private record Sample(Instant at, long total) {
    }

    private final Clock clock;
    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long total;

    public ThroughputMeter(Clock clock, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.window = Objects.requireNonNull(window, "window must not be null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        samples.addLast(new Sample(clock.instant(), 0));
    }

    /** Count {@code messages} more as done now. */
    public void record(long messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("messages must be >= 0, was " + messages);
        }
        total += messages;
        Instant now = clock.instant();
        samples.addLast(new Sample(now, total));
        // Keep one sample older than the window, so the rate spans the whole window.
        Instant windowStart = now.minus(window);
        while (samples.size() > 2) {
            Iterator<Sample> oldestFirst = samples.iterator();
            oldestFirst.next();
            if (oldestFirst.next().at().isAfter(windowStart)) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** Everything recorded so far. */
    public long total() {
        return total;
    }

    /** Messages per second over the recent window; zero before any time has passed. */
    public double messagesPerSecond() {
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long millis = Duration.between(first.at(), last.at()).toMillis();
        if (millis <= 0) {
            return 0;
        }
        return (last.total() - first.total()) * 1000.0 / millis;
    }

    /** How long {@code remaining} more messages take at the recent pace; empty while the pace is unknown. */
    public Optional<Duration> timeFor(long remaining) {
        if (remaining <= 0) {
            return Optional.of(Duration.ZERO);
        }
        double rate = messagesPerSecond();
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil(remaining * 1000.0 / rate)));
    }
}

package dev.chatarchive.host.sync;

import dev.chatarchive.api.SyncPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * Holds every sync of one provider, under one of its policies, to that {@link SyncPolicy}: at most
 * {@code maxConcurrentRequests} calls at once, at least {@code pauseBetweenRequests} between the end of
 * one call and the start of the next, and pages no larger than {@code maxPageSize}. One instance per
 * provider and policy ({@link dev.chatarchive.api.HistoryProvider#syncPolicy(dev.chatarchive.api.HistoryRequest)}),
 * shared by all chats whose requests fall under it, so a bulk sync of fifty chats still asks the phone
 * one page at a time, while chats read from files keep their own pace.
 *
 * <p>Waiting for a permit or for the pause is interruptible: a cancelled sync stops queueing at once.
 */
public final class ProviderThrottle {

    private final SyncPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Semaphore permits;
    private final Object pauseLock = new Object();
    private Instant lastCallEnded = Instant.MIN;

    public ProviderThrottle(SyncPolicy policy, Clock clock, Sleeper sleeper) {
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
        this.permits = new Semaphore(policy.maxConcurrentRequests(), true);
    }

    /** A throttle of its own for another policy, on the same clock and sleeper. */
    public ProviderThrottle withPolicy(SyncPolicy other) {
        return new ProviderThrottle(other, clock, sleeper);
    }

    /** The policy this throttle keeps. */
    public SyncPolicy policy() {
        return policy;
    }

    /** The page size to ask for when {@code wanted} messages are wanted: never above the policy's maximum. */
    public int pageSize(int wanted) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted must be >= 1, was " + wanted);
        }
        return Math.min(wanted, policy.maxPageSize());
    }

    /**
     * Run {@code call} once a permit is free and the pause since the last call has passed. The permit
     * is held until {@code call} returns, even when the caller has stopped waiting for it, so a
     * provider that ignores interrupts still never sees more concurrent calls than it allows.
     */
    public <T> T run(Callable<T> call) throws Exception {
        permits.acquire();
        try {
            waitForPause();
            return call.call();
        } finally {
            synchronized (pauseLock) {
                lastCallEnded = clock.instant();
            }
            permits.release();
        }
    }

    private void waitForPause() throws InterruptedException {
        Duration pause = policy.pauseBetweenRequests();
        if (pause.isZero()) {
            return;
        }
        while (true) {
            Duration left;
            synchronized (pauseLock) {
                Instant allowedFrom = lastCallEnded.equals(Instant.MIN) ? Instant.MIN : lastCallEnded.plus(pause);
                left = allowedFrom.equals(Instant.MIN) ? Duration.ZERO : Duration.between(clock.instant(), allowedFrom);
            }
            if (left.isZero() || left.isNegative()) {
                return;
            }
            sleeper.sleep(left);
        }
    }
}

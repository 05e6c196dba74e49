package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.SyncPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderThrottleTest {

    private final ManualClock clock = new ManualClock(Histories.START);

    @Test
    void pageSize_neverExceedsThePolicyMaximum() {
        var throttle = new ProviderThrottle(new SyncPolicy(1, Duration.ZERO, 50), clock, clock);

        assertEquals(50, throttle.pageSize(500));
        assertEquals(20, throttle.pageSize(20));
    }

    @Test
    void run_pausesBetweenTheEndOfOneCallAndTheStartOfTheNext() throws Exception {
        var throttle = new ProviderThrottle(new SyncPolicy(1, Duration.ofSeconds(3), 50), clock, clock);

        throttle.run(() -> "first");
        clock.advance(Duration.ofSeconds(1));
        throttle.run(() -> "second");

        assertEquals(List.of(Duration.ofSeconds(2)), clock.sleeps());
    }

    @Test
    void run_doesNotPauseBeforeTheFirstCall() throws Exception {
        var throttle = new ProviderThrottle(new SyncPolicy(1, Duration.ofSeconds(3), 50), clock, clock);

        throttle.run(() -> "first");

        assertEquals(List.of(), clock.sleeps());
    }

    @Test
    void run_neverRunsMoreCallsAtOnceThanThePolicyAllows() throws Exception {
        var throttle = new ProviderThrottle(new SyncPolicy(2, Duration.ZERO, 50), clock, clock);
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var allQueued = new CountDownLatch(6);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Object>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(callers.submit(() -> {
                    allQueued.countDown();
                    return throttle.run(() -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        allQueued.await(5, TimeUnit.SECONDS);
                        Thread.yield();
                        running.decrementAndGet();
                        return null;
                    });
                }));
            }
            for (Future<Object> result : results) {
                result.get(10, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }

        assertTrue(most.get() <= 2, "at most 2 calls at once, saw " + most.get());
    }
}

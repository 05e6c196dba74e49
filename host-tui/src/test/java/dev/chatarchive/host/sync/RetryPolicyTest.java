package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.RetryableProviderException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(2));
    private final RetryableProviderException timeout = new RetryableProviderException("timed out");

    @Test
    void delayBeforeRetry_doublesFromTheFirstDelayUpToTheMaximum() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), policy.delayBeforeRetry(1, timeout));
        assertEquals(Optional.of(Duration.ofSeconds(2)), policy.delayBeforeRetry(2, timeout));
        assertEquals(Optional.of(Duration.ofSeconds(4)), policy.delayBeforeRetry(3, timeout));
        assertEquals(Optional.of(Duration.ofSeconds(5)), policy.delayBeforeRetry(4, timeout));
    }

    @Test
    void delayBeforeRetry_givesUpAfterMaxAttemptsCalls() {
        assertEquals(Optional.empty(), policy.delayBeforeRetry(5, timeout));
    }

    @Test
    void delayBeforeRetry_waitsAtLeastWhatTheProviderAskedFor() {
        var rateLimited = new RetryableProviderException("slow down", null, Duration.ofSeconds(90));

        assertEquals(Optional.of(Duration.ofSeconds(90)), policy.delayBeforeRetry(1, rateLimited));
    }

    @Test
    void delayBeforeRetry_keepsItsBackoffWhenTheProviderAskedForLess() {
        var impatient = new RetryableProviderException("try again", null, Duration.ofMillis(10));

        assertEquals(Optional.of(Duration.ofSeconds(4)), policy.delayBeforeRetry(3, impatient));
    }

    @Test
    void delayBeforeRetry_givesUpWhenTheProviderAsksForTooLongAWait() {
        var dayLong = new RetryableProviderException("come back tomorrow", null, Duration.ofDays(1));

        assertEquals(Optional.empty(), policy.delayBeforeRetry(1, dayLong));
    }

    @Test
    void delayBeforeRetry_manyAttemptsDoNotOverflow() {
        var patient = new RetryPolicy(1000, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(1));

        assertEquals(Optional.of(Duration.ofMinutes(1)), patient.delayBeforeRetry(999, timeout));
    }

    @Test
    void construction_refusesZeroAttempts() {
        var problem = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertTrue(problem.getMessage().contains("maxAttempts"));
    }

    @Test
    void construction_refusesAMaxDelayBelowTheFirstDelay() {
        var problem = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertTrue(problem.getMessage().contains("maxDelay"));
    }
}

package dev.chatarchive.api;

import static dev.chatarchive.api.HistoricalMessageTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a provider says about itself: {@link ProviderInfo}, {@link ProviderStatus}, {@link SyncPolicy}, its errors. */
class ProviderValuesTest {

    @Test
    void providerInfo_idIsOneToThirtyTwoLowerCaseLettersDigitsOrDashes_startingWithALetterOrDigit() {
        for (String good : new String[] {"whatsapp", "a", "9", "signal-desktop", "a".repeat(32)}) {
            assertEquals(good, new ProviderInfo(good, "Name", "1.0").id());
        }
        for (String bad : new String[] {null, "", "WhatsApp", "-whatsapp", "what app", "whats_app", "a".repeat(33), "ü"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProviderInfo(bad, "Name", "1.0"), bad);
            assertTrue(e.getMessage().startsWith("id must be 1-32 lower-case letters"), e.getMessage());
        }
    }

    @Test
    void providerInfo_needsANameAndAVersion() {
        for (String blank : new String[] {null, "", " "}) {
            assertRefused("name", () -> new ProviderInfo("whatsapp", blank, "1.0"));
            assertRefused("version", () -> new ProviderInfo("whatsapp", "WhatsApp", blank));
        }
    }

    @Test
    void providerStatus_needsAStateAndADetail_possiblyEmpty() {
        assertEquals("state must not be null",
                assertThrows(NullPointerException.class, () -> new ProviderStatus(null, "")).getMessage());
        assertTrue(assertThrows(NullPointerException.class, () -> new ProviderStatus(ConnectionState.CONNECTED, null))
                .getMessage().startsWith("detail must not be null"));
        assertEquals("", new ProviderStatus(ConnectionState.CONNECTED, "").detail());
    }

    @Test
    void syncPolicy_needsOneRequestAtLeast_aPauseNotNegative_andPagesOfOneToTenThousand() {
        assertEquals("maxConcurrentRequests must be >= 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> new SyncPolicy(0, Duration.ZERO, 50)).getMessage());
        assertEquals("pauseBetweenRequests must not be null",
                assertThrows(NullPointerException.class, () -> new SyncPolicy(1, null, 50)).getMessage());
        assertEquals("pauseBetweenRequests must not be negative, was PT-0.001S",
                assertThrows(IllegalArgumentException.class, () -> new SyncPolicy(1, Duration.ofMillis(-1), 50)).getMessage());
        for (int size : new int[] {0, 10_001}) {
            assertEquals("maxPageSize must be 1..10000, was " + size,
                    assertThrows(IllegalArgumentException.class, () -> new SyncPolicy(1, Duration.ZERO, size)).getMessage());
        }
        assertEquals(10_000, new SyncPolicy(1, Duration.ZERO, 10_000).maxPageSize());
        assertEquals(1, new SyncPolicy(1, Duration.ZERO, 1).maxPageSize());
    }

    @Test
    @SuppressWarnings("deprecation")
    void syncPolicy_localSource_isFourRequestsOfAThousandWithoutPause_andUnlimitedIsTheSameObject() {
        assertEquals(new SyncPolicy(4, Duration.ZERO, 1000), SyncPolicy.LOCAL_SOURCE);
        assertSame(SyncPolicy.LOCAL_SOURCE, SyncPolicy.UNLIMITED);
    }

    @Test
    void errors_sayWhetherToRetry_andKeepTheirCauseAndWait() {
        IOException cause = new IOException("socket closed");
        RetryableProviderException retry = new RetryableProviderException("phone offline", cause, Duration.ofSeconds(30));
        assertTrue(retry.isRetryable());
        assertSame(cause, retry.getCause());
        assertEquals(Duration.ofSeconds(30), retry.retryAfter().orElseThrow());
        assertTrue(new RetryableProviderException("phone offline").retryAfter().isEmpty());
        assertNull(new RetryableProviderException("phone offline", cause).retryAfter().orElse(null));

        PermanentProviderException permanent = new PermanentProviderException("unknown chat", cause);
        assertFalse(permanent.isRetryable());
        assertSame(cause, permanent.getCause());
        assertEquals("unknown chat", new PermanentProviderException("unknown chat").getMessage());
    }

    @Test
    void apiVersion_isThePomsApiVersion_andItsMajor() {
        assertEquals(System.getProperty("chatarchive.api.version"), ApiVersion.current());
        assertTrue(ApiVersion.current().matches("\\d+\\.\\d+\\.\\d+"), ApiVersion.current());
        assertEquals(Integer.parseInt(ApiVersion.current().split("\\.")[0]), ApiVersion.major());
    }
}

package dev.chatarchive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The api 1.1 additions for paging: raw records on cursors, exhausted pages, per-request policies. */
class PagingAnchorsTest {

    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    @Test
    void aCursorTakenFromAMessageCarriesItsRawRecord() {
        HistoricalMessage message = new HistoricalMessage("M1", "31611111111@s.whatsapp.net", "me", null, "hi", T, true,
                MessageType.TEXT, false, "{\"key\":{\"remoteJid\":\"90011111111@lid\"}}");
        HistoryCursor cursor = message.toCursor();
        assertEquals("{\"key\":{\"remoteJid\":\"90011111111@lid\"}}", cursor.rawJson());
        assertEquals(new HistoryCursor("M1", T, true, "me", message.rawJson()), cursor);
    }

    @Test
    void theApi10CursorConstructorStillWorksAndHasNoRawRecord() {
        HistoryCursor cursor = new HistoryCursor("M1", T, false, "31611111111@s.whatsapp.net");
        assertNull(cursor.rawJson());
        assertThrows(IllegalArgumentException.class, () -> new HistoryCursor(" ", T, false, "x", null));
    }

    @Test
    void anExhaustedPageKeepsItsMessagesAndSentenceButNeverEndsHistory() {
        HistoricalMessage message = HistoricalMessage.text("M1", "c@s.whatsapp.net", "me", "hi", T, true);
        HistoryPage page = HistoryPage.exhausted(List.of(message), "The rest is on your phone.");
        assertTrue(page.exhausted());
        assertFalse(page.endOfHistory());
        assertEquals(List.of(message), page.messages());
        assertEquals("The rest is on your phone.", page.exhaustedBecause());
        assertThrows(IllegalArgumentException.class, () -> new HistoryPage(List.of(), true, null, "both"));
        assertThrows(IllegalArgumentException.class, () -> HistoryPage.exhausted(List.of(), " "));
        assertFalse(HistoryPage.last(List.of()).exhausted());
        assertNull(new HistoryPage(List.of(), false, 3L).exhaustedBecause());
    }

    @Test
    void thePerRequestPolicyDefaultsToTheProvidersOwn() {
        SyncPolicy strict = new SyncPolicy(1, Duration.ofSeconds(3), 50);
        HistoryProvider provider = new HistoryProvider() {
            @Override
            public ProviderInfo info() {
                return new ProviderInfo("p", "P", "1");
            }

            @Override
            public void start(ProviderContext context) {
            }

            @Override
            public void stop() {
            }

            @Override
            public ProviderStatus status() {
                return new ProviderStatus(ConnectionState.OFFLINE_READY, "");
            }

            @Override
            public List<ChatDescription> listChats() {
                return List.of();
            }

            @Override
            public HistoryPage fetchHistory(HistoryRequest request) {
                return HistoryPage.last(List.of());
            }

            @Override
            public SyncPolicy syncPolicy() {
                return strict;
            }
        };
        assertSame(strict, provider.syncPolicy(HistoryRequest.older("c@s.whatsapp.net", null, 10)));
    }
}

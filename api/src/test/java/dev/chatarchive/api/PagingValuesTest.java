package dev.chatarchive.api;

import static dev.chatarchive.api.HistoricalMessageTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The values of one page request: {@link HistoryCursor}, {@link HistoryRequest}, {@link HistoryPage}. */
class PagingValuesTest {

    private static final Instant AT = Instant.parse("2024-03-01T19:31:00Z");
    private static final HistoryCursor CURSOR = new HistoryCursor("m1", AT, false, "alice");

    @Test
    void cursor_needsAMessageIdATimestampAndASender() {
        for (String blank : new String[] {null, "", " "}) {
            assertRefused("messageId", () -> new HistoryCursor(blank, AT, false, "alice"));
            assertRefused("sender", () -> new HistoryCursor("m1", AT, false, blank));
        }
        NullPointerException e = assertThrows(NullPointerException.class, () -> new HistoryCursor("m1", null, false, "alice"));
        assertEquals("timestamp must not be null", e.getMessage());
    }

    @Test
    void request_needsAChatADirectionAndALimitOfAtLeastOne() {
        for (String blank : new String[] {null, "", " "}) {
            assertRefused("chatId", () -> HistoryRequest.older(blank, CURSOR, 50));
        }
        NullPointerException direction = assertThrows(NullPointerException.class,
                () -> new HistoryRequest("chat", null, CURSOR, 50));
        assertEquals("direction must not be null", direction.getMessage());
        for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistoryRequest.older("chat", CURSOR, limit));
            assertEquals("limit must be at least 1, was " + limit, e.getMessage());
        }
        assertEquals(1, HistoryRequest.older("chat", CURSOR, 1).limit());
    }

    @Test
    void request_factories_setTheDirection_andANullCursorMeansFromTheEdge() {
        assertEquals(new HistoryRequest("chat", PagingDirection.OLDER, CURSOR, 50), HistoryRequest.older("chat", CURSOR, 50));
        assertEquals(new HistoryRequest("chat", PagingDirection.NEWER, CURSOR, 50), HistoryRequest.newer("chat", CURSOR, 50));
        assertNull(HistoryRequest.older("chat", null, 50).cursor());
    }

    @Test
    void page_needsMessages_andANonNegativeEstimate() {
        NullPointerException messages = assertThrows(NullPointerException.class, () -> new HistoryPage(null, true, null));
        assertEquals("messages must not be null", messages.getMessage());
        IllegalArgumentException estimate = assertThrows(IllegalArgumentException.class,
                () -> new HistoryPage(List.of(), true, -1L));
        assertEquals("totalEstimate must be >= 0, was -1", estimate.getMessage());
        assertEquals(0L, new HistoryPage(List.of(), true, 0L).totalEstimate());
    }

    @Test
    void page_keepsACopy_thatNobodyCanChange() {
        List<HistoricalMessage> given = new ArrayList<>(List.of(HistoricalMessage.text("m1", "chat", "alice", "hi", AT, false)));
        HistoryPage page = HistoryPage.of(given);
        given.clear();

        assertEquals(1, page.messages().size());
        assertThrows(UnsupportedOperationException.class, () -> page.messages().clear());
        assertThrows(NullPointerException.class, () -> HistoryPage.of(java.util.Arrays.asList((HistoricalMessage) null)));
    }

    @Test
    void page_factories_sayWhetherHistoryEnds() {
        assertFalse(HistoryPage.of(List.of()).endOfHistory());
        assertTrue(HistoryPage.last(List.of()).endOfHistory());
        assertNull(HistoryPage.last(List.of()).totalEstimate());
    }
}

package dev.chatarchive.api;

import static dev.chatarchive.api.HistoricalMessageTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatDescriptionTest {

    @Test
    void chatIdAndTitle_mustNotBeNullOrBlank() {
        for (String blank : new String[] {null, "", "  "}) {
            assertRefused("chatId", () -> new ChatDescription(blank, "Book Club", true, null, null));
            assertRefused("title", () -> new ChatDescription("chat", blank, true, null, null));
        }
    }

    @Test
    void aNegativeEstimatedSize_isRefused_andZeroOrUnknownAreFine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatDescription("chat", "Book Club", true, null, -1L));
        assertEquals("estimatedSize must be >= 0, was -1", e.getMessage());

        assertEquals(0L, new ChatDescription("chat", "Book Club", true, null, 0L).estimatedSize());
        ChatDescription unknown = new ChatDescription("chat", "Book Club", false, null, null);
        assertNull(unknown.estimatedSize());
        assertNull(unknown.lastActivity());
        assertEquals(Instant.EPOCH, new ChatDescription("chat", "Book Club", false, Instant.EPOCH, null).lastActivity());
    }
}

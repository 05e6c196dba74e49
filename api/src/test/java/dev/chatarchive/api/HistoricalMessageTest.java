package dev.chatarchive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each rule of {@link HistoricalMessage}'s constructor, broken once, and what its helpers build. */
class HistoricalMessageTest {

    private static final Instant AT = Instant.parse("2024-03-01T19:31:00Z");

    private static HistoricalMessage message(String id, String chatId, String sender, String senderName, String content,
                                             Instant timestamp, MessageType type) {
        return new HistoricalMessage(id, chatId, sender, senderName, content, timestamp, false, type, false, null);
    }

    @Test
    void idChatAndSender_mustNotBeNullOrBlank() {
        for (String blank : new String[] {null, "", " \t"}) {
            assertRefused("id", () -> message(blank, "chat", "alice", null, "hi", AT, MessageType.TEXT));
            assertRefused("chatId", () -> message("m1", blank, "alice", null, "hi", AT, MessageType.TEXT));
            assertRefused("sender", () -> message("m1", "chat", blank, null, "hi", AT, MessageType.TEXT));
        }
    }

    @Test
    void contentTimestampAndType_mustNotBeNull_andEmptyContentIsAllowed() {
        NullPointerException content = assertThrows(NullPointerException.class,
                () -> message("m1", "chat", "alice", null, null, AT, MessageType.TEXT));
        assertTrue(content.getMessage().contains("content"), content.getMessage());
        NullPointerException timestamp = assertThrows(NullPointerException.class,
                () -> message("m1", "chat", "alice", null, "hi", null, MessageType.TEXT));
        assertTrue(timestamp.getMessage().contains("timestamp"), timestamp.getMessage());
        NullPointerException type = assertThrows(NullPointerException.class,
                () -> message("m1", "chat", "alice", null, "hi", AT, null));
        assertTrue(type.getMessage().contains("MessageType.UNKNOWN"), type.getMessage());

        assertEquals("", message("m1", "chat", "alice", null, "", AT, MessageType.IMAGE).content());
    }

    @Test
    void aBlankSenderName_meansNone() {
        assertNull(message("m1", "chat", "alice", "  ", "hi", AT, MessageType.TEXT).senderName());
        assertNull(message("m1", "chat", "alice", null, "hi", AT, MessageType.TEXT).senderName());
        assertEquals("Alice", message("m1", "chat", "alice", "Alice", "hi", AT, MessageType.TEXT).senderName());
    }

    @Test
    void theTenArgumentConstructor_ofApi10_meansNoAttachment_andWithAttachmentChangesOnlyThat() {
        HistoricalMessage plain = new HistoricalMessage("m1", "chat", "alice", "Alice", "hi", AT, true, MessageType.IMAGE,
                true, "{\"raw\":1}");
        assertNull(plain.attachment());

        Attachment photo = Attachment.named("photo.jpg");
        HistoricalMessage withPhoto = plain.withAttachment(photo);
        assertSame(photo, withPhoto.attachment());
        assertEquals(plain, withPhoto.withAttachment(null));
        assertEquals(new HistoricalMessage("m1", "chat", "alice", "Alice", "hi", AT, true, MessageType.IMAGE, true,
                "{\"raw\":1}", photo), withPhoto);
    }

    @Test
    void text_isAPlainTextMessage_andToCursorPointsAtIt() {
        HistoricalMessage text = HistoricalMessage.text("m1", "chat", "alice", "hi", AT, true);
        assertEquals(new HistoricalMessage("m1", "chat", "alice", null, "hi", AT, true, MessageType.TEXT, false, null),
                text);
        assertEquals(new HistoryCursor("m1", AT, true, "alice"), text.toCursor());
    }

    static void assertRefused(String field, org.junit.jupiter.api.function.Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction, field);
        assertEquals(field + " must not be blank", e.getMessage());
    }
}

package dev.chatarchive.api;

import static dev.chatarchive.api.HistoricalMessageTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ProviderEvent.AttachmentAvailable;
import dev.chatarchive.api.ProviderEvent.ChatsUpdated;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import dev.chatarchive.api.ProviderEvent.MessagesReceived;
import dev.chatarchive.api.ProviderEvent.Notice;
import dev.chatarchive.api.ProviderEvent.PairingCode;
import dev.chatarchive.api.ProviderEvent.PairingQrCode;
import dev.chatarchive.api.ProviderEvent.Progress;
import dev.chatarchive.api.ProviderEvent.RevisionKind;
import dev.chatarchive.api.ProviderEvent.StatusChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the {@link ProviderEvent} records, broken once. */
class ProviderEventTest {

    private static final Instant AT = Instant.parse("2024-03-01T19:31:00Z");

    @Test
    void pairingPrompts_andNotices_needText() {
        for (String blank : new String[] {null, "", " "}) {
            assertRefused("data", () -> new PairingQrCode(blank, AT));
            assertRefused("code", () -> new PairingCode(blank));
            assertRefused("message", () -> new Notice(blank, true));
        }
        assertNull(new PairingQrCode("2@abc", null).expiresAt());
    }

    @Test
    void statusChanged_needsAStatus() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new StatusChanged(null));
        assertEquals("status must not be null", e.getMessage());
    }

    @Test
    void chatLists_andMessageBatches_areCopies_andNeverNull() {
        assertEquals("chats must not be null", assertThrows(NullPointerException.class, () -> new ChatsUpdated(null)).getMessage());
        assertEquals("messages must not be null",
                assertThrows(NullPointerException.class, () -> new MessagesReceived(null)).getMessage());

        List<ChatDescription> chats = new ArrayList<>(List.of(new ChatDescription("chat", "Book Club", true, null, null)));
        ChatsUpdated updated = new ChatsUpdated(chats);
        chats.clear();
        assertEquals(1, updated.chats().size());
        assertThrows(UnsupportedOperationException.class, () -> updated.chats().clear());

        List<HistoricalMessage> messages = new ArrayList<>(List.of(HistoricalMessage.text("m1", "chat", "alice", "hi", AT, false)));
        MessagesReceived received = new MessagesReceived(messages);
        messages.clear();
        assertEquals(1, received.messages().size());
        assertThrows(UnsupportedOperationException.class, () -> received.messages().clear());
    }

    @Test
    void messageRevised_needsTheMessageTheKindAndTheTime_andDefaultsValueAndActorToEmpty() {
        for (String blank : new String[] {null, "", " "}) {
            assertRefused("chatId", () -> new MessageRevised(blank, "m1", RevisionKind.EDITED, "new", "alice", AT));
            assertRefused("messageId", () -> new MessageRevised("chat", blank, RevisionKind.EDITED, "new", "alice", AT));
        }
        assertEquals("kind must not be null", assertThrows(NullPointerException.class,
                () -> new MessageRevised("chat", "m1", null, "new", "alice", AT)).getMessage());
        assertEquals("at must not be null", assertThrows(NullPointerException.class,
                () -> new MessageRevised("chat", "m1", RevisionKind.DELETED, null, null, null)).getMessage());

        MessageRevised deleted = new MessageRevised("chat", "m1", RevisionKind.DELETED, null, null, AT);
        assertEquals("", deleted.value());
        assertEquals("", deleted.actor());
    }

    @Test
    void attachmentAvailable_needsTheMessage_andAnAttachmentWithBytes() {
        Attachment bytes = Attachment.of("photo.jpg", AttachmentContent.ofBytes(new byte[] {1, 2}));
        for (String blank : new String[] {null, "", " "}) {
            assertRefused("chatId", () -> new AttachmentAvailable(blank, "m1", bytes));
            assertRefused("messageId", () -> new AttachmentAvailable("chat", blank, bytes));
        }
        assertEquals("attachment must not be null",
                assertThrows(NullPointerException.class, () -> new AttachmentAvailable("chat", "m1", null)).getMessage());
        IllegalArgumentException described = assertThrows(IllegalArgumentException.class,
                () -> new AttachmentAvailable("chat", "m1", Attachment.named("photo.jpg")));
        assertEquals("attachment must have content: this event hands over bytes", described.getMessage());

        assertEquals(bytes, new AttachmentAvailable("chat", "m1", bytes).attachment());
    }

    @Test
    void progress_needsAnOperation_andDoneWithinTheTotal() {
        for (String blank : new String[] {null, "", " "}) {
            assertRefused("operation", () -> new Progress(blank, "", 0, 10));
        }
        assertEquals("done must not be negative, was -1",
                assertThrows(IllegalArgumentException.class, () -> new Progress("Decrypting", "", -1, 10)).getMessage());
        assertEquals("total must be -1 (unknown) or at least 0, was -2",
                assertThrows(IllegalArgumentException.class, () -> new Progress("Decrypting", "", 0, -2)).getMessage());
        assertEquals("done (11) must not exceed total (10)",
                assertThrows(IllegalArgumentException.class, () -> new Progress("Decrypting", "", 11, 10)).getMessage());
        assertEquals("", new Progress("Parsing chat.txt", null, 0, -1).detail());
    }

    @Test
    void progress_isFinished_onlyWhenAKnownTotalIsAllDone() {
        assertFalse(new Progress("Parsing chat.txt", "", 0, 10).finished());
        assertFalse(new Progress("Parsing chat.txt", "", 9, 10).finished());
        assertTrue(new Progress("Parsing chat.txt", "", 10, 10).finished());
        assertTrue(new Progress("Parsing chat.txt", "", 0, 0).finished());
        assertFalse(new Progress("Parsing chat.txt", "", 5_000, -1).finished());
    }
}

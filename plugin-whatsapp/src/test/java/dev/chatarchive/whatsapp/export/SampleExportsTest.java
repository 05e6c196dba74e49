package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing each export of {@code samples/} gives the right chat, senders, times (UTC), types and from-me flags. */
class SampleExportsTest {

    @TempDir
    Path temp;
    ExportHistorySource source;

    @BeforeEach
    void startSource() throws Exception {
        source = new ExportHistorySource();
        source.start(TestContext.amsterdam(temp));
    }

    private ChatDescription importOne(String sample) throws Exception {
        List<ChatDescription> chats = source.importSource(Samples.sample(sample));
        assertEquals(1, chats.size(), "chats of " + sample);
        return chats.get(0);
    }

    private List<HistoricalMessage> messages(ChatDescription chat) throws Exception {
        return Paging.all(source, chat.chatId(), 3);
    }

    private static HistoricalMessage withContent(List<HistoricalMessage> messages, String start) {
        return messages.stream().filter(m -> m.content().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no message starting with " + start + " in " + messages));
    }

    @Test
    void androidEnglishOneToOne_readsEveryKindOfMessage() throws Exception {
        ChatDescription chat = importOne(Samples.ALICE);

        assertEquals("Alice Martin", chat.title());
        assertFalse(chat.group());
        assertTrue(WhatsAppJid.isExportDerived(chat.chatId()));
        assertEquals(java.util.Optional.empty(), WhatsAppJid.problem(chat.chatId()));
        List<HistoricalMessage> messages = messages(chat);
        assertEquals(15, messages.size());

        HistoricalMessage first = withContent(messages, "Morning!");
        assertEquals(Instant.parse("2024-03-12T08:14:00Z"), first.timestamp().minusMillis(first.timestamp().toEpochMilli() % 1000));
        assertEquals("Alice Martin", first.sender());
        assertFalse(first.fromMe());

        HistoricalMessage multiLine = withContent(messages, "Yes! Bringing the map.");
        assertEquals("Yes! Bringing the map.\nAlso: do you still have my umbrella?", multiLine.content());
        assertTrue(multiLine.fromMe());
        assertEquals("me", multiLine.sender());

        assertEquals(MessageType.SYSTEM, withContent(messages, "Messages and calls").type());
        assertEquals("system", withContent(messages, "Messages and calls").sender());
        assertEquals(MessageType.MEDIA_OMITTED, messages.stream()
                .filter(m -> m.content().contains("Media omitted")).findFirst().orElseThrow().type());
        assertEquals(MessageType.LOCATION, withContent(messages, "location:").type());
        assertEquals(MessageType.DELETED, withContent(messages, "You deleted").type());
        HistoricalMessage edited = withContent(messages, "Meet at the station");
        assertTrue(edited.edited());
        assertEquals("Meet at the station at 10:00", edited.content());
        assertEquals(MessageType.CALL, withContent(messages, "Missed voice call").type());
        assertEquals(MessageType.POLL, withContent(messages, "POLL:").type());
        assertEquals(MessageType.LIVE_LOCATION, withContent(messages, "live location").type());
        // WhatsApp writes view-once media as the bare word "null": kept in the raw record, not shown as text.
        HistoricalMessage viewOnce = messages.stream().filter(m -> m.type() == MessageType.VIEW_ONCE).findFirst().orElseThrow();
        assertEquals("", viewOnce.content());
        assertTrue(viewOnce.rawJson().contains("null"), viewOnce.rawJson());
        assertEquals(MessageType.DELETED, withContent(messages, "This message was deleted").type());
        assertTrue(withContent(messages, "Sorry, was in the shower").content().endsWith("2. walk to the lake"));
    }

    @Test
    void androidEnglishOneToOne_twoIdenticalMessagesInOneMinute_stayTwo() throws Exception {
        List<HistoricalMessage> messages = messages(importOne(Samples.ALICE));

        List<HistoricalMessage> oks = messages.stream().filter(m -> m.content().equals("ok")).toList();

        assertEquals(2, oks.size());
        assertEquals(2, new HashSet<>(oks.stream().map(HistoricalMessage::id).toList()).size());
        assertTrue(oks.get(0).timestamp().isBefore(oks.get(1).timestamp()), "file order is kept within the minute");
    }

    @Test
    void androidUs12hWithNarrowSpaces_phonePeer_getsTheRealJid() throws Exception {
        ChatDescription chat = importOne(Samples.JORDAN);

        assertEquals("14155550134@s.whatsapp.net", chat.chatId());
        assertFalse(chat.group());
        List<HistoricalMessage> messages = messages(chat);
        assertEquals(6, messages.size());
        HistoricalMessage hi = withContent(messages, "Hi, this is Jordan");
        assertEquals("14155550134@s.whatsapp.net", hi.sender());
        assertEquals("+1 415 555 0134", hi.senderName());
        assertEquals(Instant.parse("2025-01-05T19:02:00Z"), hi.timestamp().minusMillis(hi.timestamp().toEpochMilli() % 1000));
        HistoricalMessage midnight = messages.stream().filter(m -> m.type() == MessageType.IMAGE).findFirst().orElseThrow();
        assertEquals(Instant.parse("2025-01-12T23:03:00Z"), midnight.timestamp());
        assertEquals("the wall we talked about", midnight.content());
        assertTrue(midnight.rawJson().contains("\"attachment\":\"IMG-20250113-WA0001.jpg\""));
        assertTrue(midnight.rawJson().contains("\"attachmentIncluded\":false"));
        assertTrue(withContent(messages, "Looks steep").fromMe());
    }

    @Test
    void androidSpanish_meridiemWithNoBreakSpace_readsAfternoonTimes() throws Exception {
        ChatDescription chat = importOne(Samples.LUCIA);

        assertEquals("Lucía Gómez", chat.title());
        List<HistoricalMessage> messages = messages(chat);
        assertEquals(6, messages.size());
        HistoricalMessage hola = withContent(messages, "¡Hola Sam!");
        assertEquals(Instant.parse("2022-11-20T15:23:00Z"), hola.timestamp().minusMillis(hola.timestamp().toEpochMilli() % 1000));
        assertEquals(MessageType.SYSTEM, withContent(messages, "Los mensajes y las llamadas").type());
        assertTrue(withContent(messages, "Genial").fromMe());
        assertEquals(Instant.parse("2022-11-21T08:06:00Z"), withContent(messages, "Buenos días").timestamp());
    }

    @Test
    void iosGermanGroupZip_readsSystemEventsAndAttachedMedia() throws Exception {
        ChatDescription chat = importOne(Samples.FAMILIE);

        assertEquals("Familie Schmidt", chat.title());
        assertTrue(chat.group());
        assertTrue(chat.chatId().endsWith("@g.us"));
        List<HistoricalMessage> messages = messages(chat);
        assertEquals(12, messages.size());
        assertEquals(4, messages.stream().filter(m -> m.type() == MessageType.SYSTEM).count());
        assertTrue(messages.stream().filter(m -> m.type() == MessageType.SYSTEM)
                .allMatch(m -> m.sender().equals("system") && m.senderName() == null));
        HistoricalMessage photo = messages.stream().filter(m -> m.type() == MessageType.IMAGE).findFirst().orElseThrow();
        assertEquals("Jonas Schmidt", photo.sender());
        assertTrue(photo.rawJson().contains("\"attachmentIncluded\":true"));
        assertEquals(Instant.parse("2024-02-02T17:06:33Z"), photo.timestamp());
        assertEquals(MessageType.AUDIO, messages.stream().filter(m -> m.rawJson().contains("AUDIO")).findFirst()
                .orElseThrow().type());
        HistoricalMessage document = messages.stream().filter(m -> m.type() == MessageType.DOCUMENT).findFirst().orElseThrow();
        assertTrue(document.content().startsWith("Einladung.pdf"));
        HistoricalMessage cake = withContent(messages, "Ich bringe Kuchen mit.");
        assertEquals("Ich bringe Kuchen mit.\nZwei Stück, versprochen.", cake.content());
        assertTrue(cake.fromMe(), "the author of 'Du hast diese Nachricht gelöscht' is me");
        assertTrue(messages.stream().noneMatch(m -> m.content().contains("\u200E")));
    }

    @Test
    void iosEnglishGroupZip_namedSystemAuthor_isNotAParticipant() throws Exception {
        ChatDescription chat = importOne(Samples.BOOK_CLUB);

        assertEquals("Book Club", chat.title());
        assertTrue(chat.group());
        List<HistoricalMessage> messages = messages(chat);
        assertEquals(11, messages.size());
        Set<String> senders = new HashSet<>(messages.stream().map(HistoricalMessage::sender).toList());
        assertFalse(senders.contains("Book Club"));
        assertEquals(MessageType.STICKER, messages.stream().filter(m -> m.content().contains("sticker omitted"))
                .findFirst().orElseThrow().type());
        assertEquals(MessageType.POLL, withContent(messages, "POLL:").type());
        HistoricalMessage poll = withContent(messages, "POLL:");
        assertEquals(Instant.parse("2024-03-14T08:02:11Z"), poll.timestamp());
        assertTrue(withContent(messages, "Friday works").edited());
    }

    @Test
    void allSamplesInTheExportsFolder_listAsFiveChats_withTheSameOwner() throws Exception {
        TestContext context = new TestContext(temp.resolve("folder"),
                java.util.Map.of("exports.timezone", "UTC", "exports.dirs", Samples.folder().toString()));
        ExportHistorySource folderSource = new ExportHistorySource();
        folderSource.start(context);

        List<ChatDescription> chats = folderSource.listChats();

        assertEquals(5, chats.size());
        for (ChatDescription chat : chats) {
            List<HistoricalMessage> messages = Paging.all(folderSource, chat.chatId(), 50);
            assertTrue(messages.stream().anyMatch(HistoricalMessage::fromMe), chat.title() + " has messages from me");
            assertTrue(messages.stream().filter(HistoricalMessage::fromMe).allMatch(m -> "Sam Carter".equals(m.senderName())));
        }
    }
}

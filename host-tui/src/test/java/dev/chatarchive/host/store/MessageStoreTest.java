package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.GROUP;
import static dev.chatarchive.host.store.ArchiveFixture.NOW;
import static dev.chatarchive.host.store.ArchiveFixture.insert;
import static dev.chatarchive.host.store.ArchiveFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import dev.chatarchive.api.ProviderEvent.RevisionKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {

    @TempDir
    Path folder;
    Archive archive;

    @BeforeEach
    void openArchive() {
        archive = ArchiveFixture.open(folder);
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    @Test
    void insertIfAbsent_sameMessageTwice_storesItOnceAndCountsOnlyTheNewOne() {
        InsertResult first = insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
        InsertResult second = insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"),
                message(CHAT, "m2", "2024-01-01T10:01:00Z"));
        assertEquals(1, first.inserted());
        assertEquals(1, second.inserted());
        assertEquals(1, second.ignored());
        assertEquals(List.of("m2"), second.newIds());
        assertEquals(2, rowCount());
    }

    @Test
    void newestOfEveryChat_givesEachChatTheMessageNewestGives_andNothingForAChatWithoutMessages() {
        insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"), message(CHAT, "m3", "2024-03-01T10:00:00Z"),
                message(CHAT, "m2", "2024-02-01T10:00:00Z"));
        // two of the newest millisecond: (timestamp, id) decides, as newest(chat) does
        insert(archive, message(GROUP, "b", "2024-05-01T10:00:00Z"), message(GROUP, "c", "2024-05-01T10:00:00Z"),
                message(GROUP, "a", "2024-05-01T10:00:00Z"), message(GROUP, "z", "2024-04-01T10:00:00Z"));
        archive.write(session -> {
            session.chats().ensure("whatsapp", "empty@s.whatsapp.net");
            return null;
        });

        var newest = archive.read(session -> session.messages().newestOfEveryChat());

        assertEquals(2, newest.size(), newest.toString());
        assertEquals("m3", newest.get(CHAT).id());
        assertEquals("c", newest.get(GROUP).id());
        for (String chat : List.of(CHAT, GROUP)) {
            assertEquals(archive.read(session -> session.messages().newest(chat)).orElseThrow(), newest.get(chat));
        }
    }

    @Test
    void insertIfAbsent_sameIdInTwoChats_isTwoMessages() {
        InsertResult result = insert(archive, message(CHAT, "same", "2024-01-01T10:00:00Z"),
                message(GROUP, "same", "2024-01-01T10:00:00Z"));
        assertEquals(2, result.inserted());
    }

    @Test
    void insertIfAbsent_keepsChatCountAndLastActivityCurrent() {
        insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"), message(CHAT, "m2", "2024-03-01T10:00:00Z"));
        insert(archive, message(CHAT, "m0", "2023-01-01T10:00:00Z"), message(CHAT, "m1", "2024-01-01T10:00:00Z"));
        ChatRecord chat = archive.read(session -> session.chats().find(CHAT)).orElseThrow();
        assertEquals(3, chat.messageCount());
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), chat.lastActivity());
        assertEquals("whatsapp", chat.providerId());
    }

    @Test
    void insertIfAbsent_chatNotYetDescribed_isAPlaceholderUntilItsProviderDescribesIt() {
        insert(archive, message(GROUP, "m1", "2024-01-01T10:00:00Z"));
        ChatRecord placeholder = archive.read(session -> session.chats().find(GROUP)).orElseThrow();
        assertEquals(GROUP, placeholder.title());
        assertFalse(placeholder.group(), "the archive must not decide a group from the shape of a chat id");

        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(GROUP, "Family", true, null, null));
            return null;
        });
        ChatRecord described = archive.read(session -> session.chats().find(GROUP)).orElseThrow();
        assertEquals("Family", described.title());
        assertTrue(described.group());
        assertEquals(1, described.messageCount());
    }

    @Test
    void upsert_groupFlag_comesFromTheDescriptionNotTheId() {
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(CHAT, "Book Club", true, null, null));
            session.chats().upsert("whatsapp", new ChatDescription(GROUP, "Alice", false, null, null));
            return null;
        });
        assertTrue(archive.read(session -> session.chats().find(CHAT)).orElseThrow().group());
        assertFalse(archive.read(session -> session.chats().find(GROUP)).orElseThrow().group());
    }

    @Test
    void insertIfAbsent_timestampBefore2010_isRefusedAndNothingOfTheBatchIsStored() {
        ValidationException refused = assertThrows(ValidationException.class, () -> insert(archive,
                message(CHAT, "good", "2024-01-01T10:00:00Z"), message(CHAT, "old", "2009-12-31T23:59:59Z")));
        assertTrue(refused.getMessage().contains("before 2010"), refused.getMessage());
        assertEquals(0, rowCount());
    }

    @Test
    void insertIfAbsent_timestampBeyondClockSkew_isRefused() {
        Instant tooLate = NOW.plus(MessageRules.CLOCK_SKEW).plusSeconds(1);
        ValidationException refused = assertThrows(ValidationException.class,
                () -> insert(archive, message(CHAT, "future", tooLate.toString())));
        assertTrue(refused.getMessage().contains("in the future"), refused.getMessage());
    }

    @Test
    void insertIfAbsent_timestampWithinClockSkew_isStored() {
        Instant slightlyAhead = NOW.plus(MessageRules.CLOCK_SKEW).minusSeconds(1);
        assertEquals(1, insert(archive, message(CHAT, "ahead", slightlyAhead.toString())).inserted());
    }

    @Test
    void insertIfAbsent_rawProtoThatIsNotJson_isRefusedWithoutPartialWrite() {
        HistoricalMessage broken = new HistoricalMessage("bad", CHAT, "s", null, "x",
                Instant.parse("2024-01-01T10:00:00Z"), false, MessageType.TEXT, false, "{not json");
        ValidationException refused = assertThrows(ValidationException.class,
                () -> insert(archive, message(CHAT, "good", "2024-01-01T09:00:00Z"), broken));
        assertTrue(refused.getMessage().contains("raw_proto"), refused.getMessage());
        assertEquals(0, rowCount());
    }

    @Test
    void insertIfAbsent_chatOwnedByAnotherProvider_isRefused() {
        insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
        ValidationException refused = assertThrows(ValidationException.class, () -> archive.write(session ->
                session.messages().insertIfAbsent("telegram", List.of(message(CHAT, "m2", "2024-01-01T11:00:00Z")))));
        assertTrue(refused.getMessage().contains("belongs to provider 'whatsapp'"), refused.getMessage());
    }

    @Test
    void pages_walkAChatByTimestampThenId_withoutGapsOrRepeats() {
        for (int i = 0; i < 25; i++) {
            // pairs of messages share a timestamp, so the id decides their order
            insert(archive, message(CHAT, String.format("m%02d", i), Instant.parse("2024-01-01T00:00:00Z")
                    .plusSeconds(60L * (i / 2)).toString()));
        }
        List<StoredMessage> newest = archive.read(session -> session.messages().newestPage(CHAT, 10));
        assertEquals("m15", newest.get(0).id());
        assertEquals("m24", newest.get(9).id());
        StoredMessage first = newest.get(0);
        List<StoredMessage> before = archive.read(session ->
                session.messages().pageBefore(CHAT, first.timestamp(), first.id(), 10));
        assertEquals("m05", before.get(0).id());
        assertEquals("m14", before.get(9).id());
        List<StoredMessage> after = archive.read(session ->
                session.messages().pageAfter(CHAT, before.get(9).timestamp(), before.get(9).id(), 3));
        assertEquals(List.of("m15", "m16", "m17"), after.stream().map(StoredMessage::id).toList());
        assertEquals("m00", archive.read(session -> session.messages().oldest(CHAT)).orElseThrow().id());
        assertEquals("m24", archive.read(session -> session.messages().newest(CHAT)).orElseThrow().id());
    }

    @Test
    void pageFrom_jumpsToTheFirstMessageAtOrAfterADate() {
        insert(archive, message(CHAT, "a", "2023-05-01T10:00:00Z"), message(CHAT, "b", "2023-06-01T10:00:00Z"),
                message(CHAT, "c", "2023-07-01T10:00:00Z"));
        List<StoredMessage> page = archive.read(session ->
                session.messages().pageFrom(CHAT, Instant.parse("2023-05-15T00:00:00Z"), 5));
        assertEquals(List.of("b", "c"), page.stream().map(StoredMessage::id).toList());
    }

    @Test
    void applyRevision_editUpdatesTextInPlaceAndMarksEdited() {
        insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
        boolean changed = archive.write(session -> session.messages().applyRevision(new MessageRevised(CHAT, "m1",
                RevisionKind.EDITED, "corrected", "s", NOW)));
        StoredMessage stored = archive.read(session -> session.messages().find(CHAT, "m1")).orElseThrow();
        assertTrue(changed);
        assertEquals("corrected", stored.message().content());
        assertTrue(stored.message().edited());
        assertEquals(1, rowCount());
        assertEquals(1, searchCount("corrected"));
        assertEquals(0, searchCount("text"));
    }

    @Test
    void applyRevision_deleteKeepsTheOriginalTextInRawProto() {
        insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
        archive.write(session -> session.messages().applyRevision(new MessageRevised(CHAT, "m1",
                RevisionKind.DELETED, null, "s", NOW)));
        StoredMessage stored = archive.read(session -> session.messages().find(CHAT, "m1")).orElseThrow();
        assertEquals(MessageType.DELETED, stored.type());
        assertTrue(stored.message().rawJson().contains("text of m1"), stored.message().rawJson());
    }

    @Test
    void applyRevision_reactionsAreKeptPerSenderAndCanBeRemoved() {
        insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
        archive.write(session -> session.messages().applyRevision(new MessageRevised(CHAT, "m1",
                RevisionKind.REACTION, "👍", "alice", NOW)));
        archive.write(session -> session.messages().applyRevision(new MessageRevised(CHAT, "m1",
                RevisionKind.REACTION, "❤", "bob", NOW)));
        archive.write(session -> session.messages().applyRevision(new MessageRevised(CHAT, "m1",
                RevisionKind.REACTION, "", "alice", NOW)));
        StoredMessage stored = archive.read(session -> session.messages().find(CHAT, "m1")).orElseThrow();
        assertEquals("{\"bob\":\"❤\"}", stored.reactions());
    }

    @Test
    void applyRevision_ofAMessageNotHeld_changesNothing() {
        boolean changed = archive.write(session -> session.messages().applyRevision(new MessageRevised(CHAT, "ghost",
                RevisionKind.EDITED, "x", "s", NOW)));
        assertFalse(changed);
        assertEquals(0, rowCount());
    }

    @Test
    void fullTextSearch_ignoresCaseAndAccentsAndWorksForCyrillic() {
        insert(archive, HistoricalMessage.text("m1", CHAT, "s", "Ça va? Привет мир", Instant.parse("2024-01-01T10:00:00Z"), false));
        assertEquals(1, searchCount("ca"));
        assertEquals(1, searchCount("ПРИВЕТ"));
    }

    @Test
    void chatUpsert_updatesTitleAndNeverMovesLastActivityBack() {
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(CHAT, "Alice", false, Instant.parse("2024-05-01T00:00:00Z"), 10L));
            session.chats().upsert("whatsapp", new ChatDescription(CHAT, "Alice B.", false, Instant.parse("2024-01-01T00:00:00Z"), null));
            return null;
        });
        ChatRecord chat = archive.read(session -> session.chats().find(CHAT)).orElseThrow();
        assertEquals("Alice B.", chat.title());
        assertEquals(Instant.parse("2024-05-01T00:00:00Z"), chat.lastActivity());
        assertEquals(10L, chat.estimatedSize());
    }

    @Test
    void insertIfAbsent_aPageOfAThousand_writesNoFullTextIndex_theIndexerWritesItInFewLeaves() {
        HistoricalMessage[] page = new HistoricalMessage[1000];
        Instant first = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < page.length; i++) {
            // newest first, as history arrives
            page[i] = HistoricalMessage.text("p" + i, CHAT, "31622222222@s.whatsapp.net", "word" + i + " common",
                    first.plusSeconds(page.length - i), false);
        }
        SearchIndexChecks.current(archive);
        long before = fullTextLeavesWritten();

        InsertResult result = insert(archive, page);

        assertEquals(1000, result.inserted());
        // The store writes the row only (version 9): nothing for the index, not even a change-log entry.
        assertEquals(0, (int) archive.read(session -> session.handle().createQuery("SELECT count(*) FROM search_changes")
                .mapTo(Integer.class).one()));
        SearchIndexChecks.current(archive);
        // The indexer writes a batch as one segment, in key order, of a few leaf pages (here 1,000 distinct
        // words); a one-row statement per message flushed a segment of at least one leaf per message.
        long leaves = fullTextLeavesWritten() - before;
        assertTrue(leaves < 50, "the full-text index wrote " + leaves + " leaf pages for one page of 1,000 messages");
        assertEquals(1000, searchCount("common"));
        assertEquals(1, searchCount("word999"));
    }

    @Test
    void insertIfAbsent_pageSpanningSeveralStatements_storesEachNewMessageOnceAndReportsItsIds() {
        insert(archive, message(CHAT, "m5", "2024-01-01T10:00:05Z"), message(CHAT, "m700", "2024-01-01T10:11:40Z"));
        // two statements and a bit (so three statements) of which two are held, and one repeated later in the list
        int size = MessageStore.ROWS_PER_STATEMENT * 2 + 200;
        List<HistoricalMessage> page = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            page.add(HistoricalMessage.text("m" + i, CHAT, "31622222222@s.whatsapp.net", "text of m" + i,
                    Instant.parse("2024-01-01T10:00:00Z").plusSeconds(i), false));
        }
        HistoricalMessage repeat = HistoricalMessage.text("m42", CHAT, "31622222222@s.whatsapp.net", "a later copy",
                Instant.parse("2024-01-01T10:00:42Z"), false);
        page.add(repeat);

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        assertEquals(size - 2, result.inserted());
        assertEquals(3, result.ignored());
        assertEquals(size - 2, result.newIds().size());
        assertFalse(result.newIds().contains("m5"));
        assertFalse(result.newIds().contains("m700"));
        assertEquals("m0", result.newIds().get(0));
        assertEquals(size, rowCount());
        assertEquals("text of m42", archive.read(session -> session.messages().find(CHAT, "m42")).orElseThrow()
                .message().content());
        assertEquals((long) size, (long) archive.read(session -> session.messages().count(CHAT)));
    }

    /**
     * How many leaf pages FTS5 has written out of its pending terms into new level-0 segments (each
     * flush writes at least one): the "write counter" of the index's structure record (rowid 10 of the _data table: a 4-byte cookie, an optional 4-byte
     * version marker, then varints: levels, segments, write counter).
     */
    private long fullTextLeavesWritten() {
        byte[] structure = archive.read(session -> session.handle().createQuery(
                "SELECT block FROM search.messages_fts_data WHERE id = 10").mapTo(byte[].class).one());
        int[] at = {(structure[4] & 0xFF) == 0xFF ? 8 : 4};
        varint(structure, at);
        varint(structure, at);
        return varint(structure, at);
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = bytes[at[0]++] & 0xFF;
            if (i == 8) {
                return (value << 8) | b;
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return value;
    }

    private int rowCount() {
        return archive.read(session -> session.handle().createQuery("SELECT count(*) FROM messages").mapTo(Integer.class).one());
    }

    /** Matches in the search index, once it has caught up with what was stored. */
    private int searchCount(String query) {
        SearchIndexChecks.current(archive);
        return archive.read(session -> session.handle().createQuery(
                "SELECT count(*) FROM search.messages_fts WHERE messages_fts MATCH :q").bind("q", query).mapTo(Integer.class).one());
    }
}

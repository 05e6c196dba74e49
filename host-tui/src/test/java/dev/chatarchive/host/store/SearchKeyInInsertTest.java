package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.GROUP;
import static dev.chatarchive.host.store.ArchiveFixture.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.generic.GenericType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search keys given by the store's INSERT (schema version 6; docs/schema.md, "Search keys"): the same
 * keys the insert trigger gave one row at a time before, i.e. time * 1024 + the next free slot of the
 * millisecond when the message is stored, or -2^62 + row_id; and every row in the full-text index under
 * its key.
 */
class SearchKeyInInsertTest {

    private static final String SENDER = "31622222222@s.whatsapp.net";
    private static final Instant T = Instant.parse("2024-01-01T10:00:00.123Z");
    private static final long OLDER_THAN_ANY_TIME = -4611686018427387904L;

    private static final GenericType<Map<String, Long>> ID_TO_LONG = new GenericType<>() { };

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
    void insertIfAbsent_severalMessagesOfOneMillisecondInOneStatement_getTheNextFreeSlotsInTheirOrder() {
        insert(archive, text(CHAT, "a", T));
        // Given newest first, as history arrives; a held message of that millisecond takes no new slot, and
        // the millisecond's slots are shared by every chat.
        insert(archive, text(CHAT, "later", T.plusSeconds(5)), text(CHAT, "a", T), text(CHAT, "b", T),
                text(GROUP, "g", T), text(CHAT, "c", T), text(CHAT, "earlier", T.minusSeconds(5)));

        Map<String, Long> keys = keys();
        long base = T.toEpochMilli() * 1024;
        assertEquals(base, keys.get("a"));
        assertEquals(base + 1, keys.get("b"));
        assertEquals(base + 2, keys.get("g"));
        assertEquals(base + 3, keys.get("c"));
        assertEquals(T.plusSeconds(5).toEpochMilli() * 1024, keys.get("later"));
        assertEquals(T.minusSeconds(5).toEpochMilli() * 1024, keys.get("earlier"));
        assertIndexedUnderTheirKeys(6);
    }

    @Test
    void insertIfAbsent_oneMillisecondAcrossStatementsAndPages_getsConsecutiveSlotsInInsertOrder() {
        // 700 messages of one millisecond after ROWS_PER_STATEMENT - 300 of other times: the statements
        // cut the millisecond in two; a second page then adds three more of it.
        int before = MessageStore.ROWS_PER_STATEMENT - 300;
        List<HistoricalMessage> page = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            page.add(text(CHAT, "before" + i, T.minusSeconds(before * 4L - i)));
        }
        for (int i = 0; i < 700; i++) {
            page.add(text(CHAT, "same" + i, T));
        }
        for (int i = 0; i < 250; i++) {
            page.add(text(CHAT, "after" + i, T.plusSeconds(1 + i)));
        }
        insert(archive, page.toArray(HistoricalMessage[]::new));
        insert(archive, text(CHAT, "same700", T), text(GROUP, "same701", T), text(CHAT, "same702", T));

        Map<String, Long> keys = keys();
        long base = T.toEpochMilli() * 1024;
        for (int i = 0; i <= 702; i++) {
            assertEquals(base + i, keys.get("same" + i), "slot of same" + i);
        }
        assertEquals(T.minusSeconds(before * 4L).toEpochMilli() * 1024, keys.get("before0"));
        assertEquals(T.plusSeconds(250).toEpochMilli() * 1024, keys.get("after249"));
        assertIndexedUnderTheirKeys(before + 953);
    }

    @Test
    void insertIfAbsent_moreThan1024MessagesInOneMillisecond_theRestGetKeysOlderThanEveryRealTime() {
        insert(archive, text(CHAT, "first", T));
        List<HistoricalMessage> page = new ArrayList<>();
        for (int i = 1; i < 1030; i++) {
            page.add(text(CHAT, "same" + i, T));
        }
        insert(archive, page.toArray(HistoricalMessage[]::new));

        Map<String, Long> keys = keys();
        Map<String, Long> rows = archive.read(s -> s.handle().createQuery("SELECT id, row_id FROM messages")
                .setMapKeyColumn("id").setMapValueColumn("row_id").collectInto(ID_TO_LONG));
        long base = T.toEpochMilli() * 1024;
        assertEquals(base, keys.get("first"));
        for (int i = 1; i < 1024; i++) {
            assertEquals(base + i, keys.get("same" + i), "slot of same" + i);
        }
        for (int i = 1024; i < 1030; i++) {
            assertEquals(OLDER_THAN_ANY_TIME + rows.get("same" + i), keys.get("same" + i), "key of same" + i);
        }
        assertIndexedUnderTheirKeys(1030);
    }

    @Test
    void rawInsertWithoutAKey_getsTheNextFreeSlotOrAKeyOlderThanEveryRealTime() {
        insert(archive, text(CHAT, "stored", T));
        archive.write(s -> s.handle().execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, created_at) "
                + "VALUES ('raw', ?, ?, 'raw words', ?, 0), ('zero', ?, ?, 'zero words', 0, 0)",
                CHAT, SENDER, T.toEpochMilli(), CHAT, SENDER));

        Map<String, Long> keys = keys();
        long zeroRow = archive.read(s -> s.handle().createQuery("SELECT row_id FROM messages WHERE id = 'zero'")
                .mapTo(Long.class).one());
        assertEquals(T.toEpochMilli() * 1024 + 1, keys.get("raw"));
        assertEquals(OLDER_THAN_ANY_TIME + zeroRow, keys.get("zero"));
        assertIndexedUnderTheirKeys(3);
    }

    @Test
    void insertIfAbsent_messagesOfDistinctTimes_areKeyedInTheInsertNotRewrittenOneByOne() {
        archive.write(s -> {
            s.handle().execute("CREATE TEMP TABLE key_rewrites (n INTEGER)");
            s.handle().execute("CREATE TEMP TRIGGER count_key_rewrites AFTER UPDATE OF search_key ON main.message_rows "
                    + "BEGIN INSERT INTO key_rewrites VALUES (1); END");
            return null;
        });
        List<HistoricalMessage> page = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            page.add(text(CHAT, "m" + i, T.minusSeconds(i)));
        }
        insert(archive, page.toArray(HistoricalMessage[]::new));

        long rewrites = archive.write(s -> s.handle().createQuery("SELECT count(*) FROM key_rewrites")
                .mapTo(Long.class).one());
        assertEquals(0, rewrites, "rows rewritten after the insert to give them their search key");
        assertIndexedUnderTheirKeys(1200);
    }

    private static HistoricalMessage text(String chat, String id, Instant time) {
        return HistoricalMessage.text(id, chat, SENDER, "words of " + id, time, false);
    }

    private Map<String, Long> keys() {
        return archive.read(s -> s.handle().createQuery("SELECT id, search_key FROM messages")
                .setMapKeyColumn("id").setMapValueColumn("search_key").collectInto(ID_TO_LONG));
    }

    /** Every message is found by its own words under its own key, each once, and the index is sound. */
    private void assertIndexedUnderTheirKeys(int messages) {
        Map<String, Long> keys = keys();
        assertEquals(messages, keys.size());
        assertEquals(messages, new HashSet<>(keys.values()).size(), "keys are unique");
        SearchIndexChecks.assertIntact(archive);
        Map<Long, String> found = archive.read(s -> s.handle().createQuery(
                "SELECT f.rowid AS k, m.id AS id FROM search.messages_fts f JOIN messages m ON m.search_key = f.rowid "
                        + "WHERE messages_fts MATCH 'words'").mapToMap().list()).stream()
                .collect(Collectors.toMap(row -> ((Number) row.get("k")).longValue(), row -> (String) row.get("id")));
        assertEquals(messages, found.size());
        found.forEach((key, id) -> assertEquals(keys.get(id), key, "index key of " + id));
        assertTrue(found.values().containsAll(keys.keySet()));
    }
}

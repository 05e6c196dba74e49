package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 8: the full-text index keeps no per-message token counts (FTS5 {@code columnsize = 0};
 * docs/schema.md, "Full-text index options (version 8)"). An archive written by version 7 keeps every
 * row, chat, checkpoint and search result, and its index's data byte for byte; the index still follows
 * every write path afterwards.
 */
class FtsWithoutSizesMigrationTest {

    /** The version this test is about. */
    private static final int WITHOUT_SIZES = 8;
    private static final String ALICE = "31612345678@s.whatsapp.net";
    private static final String GROUP = "120363000000000001@g.us";
    private static final Instant T = Instant.parse("2024-03-12T09:14:00Z");

    /** Every table and the index's own answers, read by the same SQL before and after the upgrade. */
    private static final Map<String, String> SNAPSHOT = new LinkedHashMap<>();
    /** The index's own answers, read where the index lives (ArchiveSnapshots.ofIndex). */
    private static final Map<String, String> INDEX = new LinkedHashMap<>();

    static {
        SNAPSHOT.put("messages", "SELECT * FROM messages ORDER BY row_id");
        SNAPSHOT.put("chats", "SELECT * FROM chats ORDER BY chat_key");
        SNAPSHOT.put("checkpoints", "SELECT * FROM sync_checkpoints ORDER BY sync_id");
        SNAPSHOT.put("requests", "SELECT * FROM sync_requests ORDER BY request_id");
        SNAPSHOT.put("status", "SELECT * FROM sync_status");
        // The index's own answers: keys and terms (since version 9 it is contentless, in a file of its own: no
        // snippet() or highlight(); the store's excerpts are compared through searches() below).
        INDEX.put("search station", "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'station' ORDER BY rowid DESC");
        INDEX.put("search phrase", "SELECT rowid FROM messages_fts WHERE messages_fts MATCH '\"e mail\" OR caf*' ORDER BY rowid");
        INDEX.put("terms", "SELECT term, doc, col, offset FROM messages_fts_terms ORDER BY term, doc, offset");
    }

    @TempDir
    Path folder;

    @Test
    void open_version7Archive_keepsEveryRowAndSearchAndTheIndexDataButNoSizes() {
        Path file = folder.resolve("archive.db");
        writeVersion7(file);
        Map<String, List<Map<String, Object>>> before = ArchiveSnapshots.of(file, SNAPSHOT);
        assertEquals(8, before.get("messages").size());
        Map<String, List<Map<String, Object>>> indexBefore = ArchiveSnapshots.ofIndex(file, INDEX);
        assertTrue(hasDocsize(file), "version 7 keeps a token count per message");
        List<List<String>> searchesBefore = searches(file);

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            assertTrue(WITHOUT_SIZES <= Migrations.LATEST);
            SearchIndexChecks.assertIntact(archive);
        }
        assertFalse(hasDocsize(file), "the per-message token counts are gone");
        assertTrue(ftsSql(file).contains("contentless_delete = 1"), ftsSql(file));
        assertEquals(before, ArchiveSnapshots.of(file, SNAPSHOT), "every row, chat, checkpoint and status as version 7 had them");
        assertEquals(indexBefore, ArchiveSnapshots.ofIndex(file, INDEX), "every hit and term as version 7 had them");
        assertEquals(searchesBefore, searches(file), "the store's searches answer as before");
    }

    @Test
    void afterTheUpgrade_everyWritePathKeepsTheIndexRight() {
        Path file = folder.resolve("archive.db");
        writeVersion7(file);
        try (Archive archive = Archive.open(file, CLOCK)) {
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("n1", ALICE, ALICE, "station again", T, false),
                    HistoricalMessage.text("n2", ALICE, ALICE, "station twice in one millisecond", T, false))));
            // A raw insert without a key: the trigger keys and indexes it.
            archive.write(s -> s.handle().execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, "
                    + "created_at) VALUES ('raw', ?, ?, 'station raw', ?, 0)", ALICE, ALICE, T.toEpochMilli()));
            archive.write(s -> s.handle().execute("UPDATE message_rows SET content = 'edited text' WHERE id = 'a1'"));
            archive.write(s -> s.handle().execute("UPDATE message_rows SET timestamp = ? WHERE id = 'g2'",
                    T.toEpochMilli() + 9000));
            archive.write(s -> s.handle().execute("DELETE FROM message_rows WHERE id = 'a2'"));
            SearchIndexChecks.assertIntact(archive);

            assertEquals(List.of("g2", "g3", "raw", "n2", "n1", "a3"), archive.read(s -> s.search().search("station", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList(), "newest first; a1 lost the word, a2 is gone");
            assertEquals(List.of("a1"), archive.read(s -> s.search().search("edited", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList());
            assertEquals("station \u0002twice\u0003 in one millisecond", archive.read(s -> s.search().search("twice", 10))
                    .get(0).snippet());
        }
        assertFalse(hasDocsize(file));
    }

    @Test
    void newArchive_keepsNoTokenCounts_andSearchesWithSnippets() {
        Path file = folder.resolve("new.db");
        try (Archive archive = Archive.open(file, CLOCK)) {
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("m1", ALICE, ALICE, "an e-mail about the Café at the station", T, false))));
            SearchIndexChecks.current(archive);
            assertEquals(List.of("an \u0002e-mail\u0003 about the Café at the station"),
                    archive.read(s -> s.search().search("E-Mail", 10)).stream().map(MessageSearch.Hit::snippet).toList(),
                    "a word of two tokens is still searched as a phrase");
            assertEquals(List.of("m1"), archive.read(s -> s.search().search("cafe", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList());
        }
        assertFalse(hasDocsize(file), "a new archive keeps no token count per message");
        assertTrue(ftsSql(file).contains("contentless_delete = 1"), ftsSql(file));
    }

    /**
     * The store's own searches, as ids and snippets: all chats, one chat, a count, the next hit. The index is
     * read where it is: in the archive before version 9 (attached to itself under the name the store reads it
     * by), in the search file beside it after.
     */
    private static List<List<String>> searches(Path file) {
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            if (java.nio.file.Files.exists(SearchIndex.fileFor(file))) {
                SearchIndexChecks.attach(handle, file);
            } else {
                handle.execute("ATTACH DATABASE ? AS search", file.toString());
            }
            MessageSearch search = new MessageSearch(handle);
            Function<List<MessageSearch.Hit>, List<String>> ids = hits -> hits.stream()
                    .map(hit -> hit.message().message().id() + " " + hit.snippet()).toList();
            List<List<String>> answers = new ArrayList<>();
            answers.add(ids.apply(search.search("station", 10)));
            answers.add(ids.apply(search.search("station", ALICE, 2)));
            answers.add(ids.apply(search.search("cafe", 10)));
            answers.add(ids.apply(search.search("e-mail", 10)));
            answers.add(ids.apply(search.search("你好", 10)));
            answers.add(List.of(String.valueOf(search.count("station", 100))));
            answers.add(List.of(search.next(ALICE, "station", T, "a1", false).map(m -> m.message().id()).orElse("none")));
            return answers;
        }
    }

    private static boolean hasDocsize(Path file) {
        return Jdbi.create("jdbc:sqlite:" + file).withHandle(h -> h.createQuery(
                "SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts_docsize'").mapTo(Integer.class).one()) > 0;
    }

    /** How the index is declared: in the search file beside the archive (version 9). */
    private static String ftsSql(Path file) {
        return Jdbi.create("jdbc:sqlite:" + SearchIndex.fileFor(file)).withHandle(h -> h.createQuery(
                "SELECT sql FROM sqlite_master WHERE name = 'messages_fts'").mapTo(String.class).one());
    }


    /**
     * An archive as version 7 wrote it: two chats; messages of one millisecond, of time 0, with a word of
     * two tokens, accents and CJK text; a checkpoint with a cursor and a request.
     */
    private static void writeVersion7(Path file) {
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < WITHOUT_SIZES) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                String chat = "INSERT INTO chats (chat_jid, provider_id, title, is_group, last_activity, estimated_size, "
                        + "message_count, created_at, updated_at) VALUES (?, 'whatsapp', ?, ?, ?, NULL, ?, 1, 2)";
                tx.execute(chat, GROUP, "Group", 1, T.toEpochMilli() + 5000, 3);
                tx.execute(chat, ALICE, "Alice", 0, T.toEpochMilli(), 5);
                String insert = "INSERT INTO messages (id, chat_jid, sender, sender_name, content, timestamp, is_from_me, "
                        + "message_type, raw_proto, is_edited, reactions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'text', ?, 0, ?, 3)";
                tx.execute(insert, "a1", ALICE, ALICE, "Alice", "station first", T.toEpochMilli(), 0, null, null);
                tx.execute(insert, "a2", ALICE, "me", null, "hello station", T.toEpochMilli(), 1,
                        "{\"key\":{\"id\":\"a2\"}}", "{\"me\":\"👍\"}");
                tx.execute(insert, "a3", ALICE, ALICE, "Alice", "station without a time", 0, 0, null, null);
                tx.execute(insert, "a4", ALICE, ALICE, "Alice", "send me an e-mail", T.toEpochMilli() - 1000, 0, null, null);
                tx.execute(insert, "a5", ALICE, ALICE, "Alice", "mail me, not e", T.toEpochMilli() - 500, 0, null, null);
                tx.execute(insert, "g1", GROUP, ALICE, "Alice", "Привет café 你好", T.toEpochMilli() + 1, 0, null, null);
                tx.execute(insert, "g2", GROUP, "me", null, "station at five", T.toEpochMilli() + 5000, 1, null, null);
                tx.execute(insert, "g3", GROUP, "me", null, "a long message about the station, " + "words ".repeat(40)
                        + "and the station again", T.toEpochMilli() + 6000, 1, null, null);
                tx.execute("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, messages_synced, last_message_id, "
                        + "last_timestamp, progress_percent, stop_reason, created_at, updated_at) VALUES (?, ?, "
                        + "'interrupted', 3, 'a1', ?, 50, 'limit_reached', 1, 2)", ALICE, ALICE, T.toEpochMilli());
                tx.execute("INSERT INTO sync_requests (request_id, chat_jid, max_messages, resume, requested_at, "
                        + "requested_by) VALUES ('r1', ?, 50, 1, 4, 'cli')", ALICE);
                tx.execute("PRAGMA user_version = " + (WITHOUT_SIZES - 1));
            });
        }
        assertNotEquals(0L, ArchiveSnapshots.ftsData(file));
    }
}

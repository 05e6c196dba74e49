package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 9: the full-text index leaves the archive for the search file beside it, built from the rows in the
 * background; every row and key stays as it was, searches find what they found, and new writes reach the index.
 */
class SearchIndexFileMigrationTest {

    private static final int SEARCH_FILE = 9;
    private static final String ALICE = "31612345678@s.whatsapp.net";
    private static final Instant T = Instant.parse("2024-03-12T09:14:00Z");

    private static final Map<String, String> ROWS = new LinkedHashMap<>();
    private static final Map<String, String> INDEX = new LinkedHashMap<>();

    static {
        ROWS.put("messages", "SELECT * FROM messages ORDER BY row_id");
        ROWS.put("chats", "SELECT * FROM chats ORDER BY chat_key");
        INDEX.put("station", "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'station' ORDER BY rowid DESC");
        INDEX.put("prefix", "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'caf* OR \"e mail\"' ORDER BY rowid");
        INDEX.put("terms", "SELECT term, doc, col, offset FROM messages_fts_terms ORDER BY term, doc, offset");
    }

    @TempDir
    Path folder;

    @Test
    void open_version8Archive_movesTheIndexToTheSearchFile_rowsAndHitsAsBefore() {
        Path file = folder.resolve("archive.db");
        writeVersion8(file);
        Map<String, List<Map<String, Object>>> rows = ArchiveSnapshots.of(file, ROWS);
        Map<String, List<Map<String, Object>>> hits = ArchiveSnapshots.of(file, INDEX);
        assertFalse(Files.exists(SearchIndex.fileFor(file)));

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(SEARCH_FILE, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            assertEquals(List.of(), archive.read(s -> s.handle().createQuery("SELECT name FROM sqlite_master "
                    + "WHERE name LIKE 'messages_fts%'").mapTo(String.class).list()), "no index left in the archive");
            SearchIndexChecks.assertIntact(archive);
            assertEquals(List.of("g2", "a2", "a1", "a3"), archive.read(s -> s.search().search("station", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList());

            // Every write path after the upgrade reaches the index.
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("n1", ALICE, ALICE, "station again", T, false))));
            archive.write(s -> s.handle().execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, "
                    + "created_at) VALUES ('raw', ?, ?, 'station raw', ?, 0)", ALICE, ALICE, T.toEpochMilli()));
            archive.write(s -> s.handle().execute("UPDATE message_rows SET content = 'edited text' WHERE id = 'a1'"));
            archive.write(s -> s.handle().execute("UPDATE message_rows SET timestamp = ? WHERE id = 'g2'",
                    T.toEpochMilli() - 9000));
            archive.write(s -> s.handle().execute("DELETE FROM message_rows WHERE id = 'a2'"));
            SearchIndexChecks.assertIntact(archive);
            assertEquals(List.of("raw", "n1", "g2", "a3"), archive.read(s -> s.search().search("station", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList(), "newest first; a1 lost the word, a2 is gone");
            assertEquals(List.of("a1"), archive.read(s -> s.search().search("edited", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList());
        }
        Map<String, List<Map<String, Object>>> rowsAfter = ArchiveSnapshots.of(file, ROWS);
        assertEquals(rows.get("chats").size(), rowsAfter.get("chats").size());
    }

    @Test
    void open_version8Archive_keepsEveryRowAndTheIndexAnswersAsBefore() {
        Path file = folder.resolve("archive.db");
        writeVersion8(file);
        Map<String, List<Map<String, Object>>> rows = ArchiveSnapshots.of(file, ROWS);
        Map<String, List<Map<String, Object>>> hits = ArchiveSnapshots.of(file, INDEX);

        try (Archive archive = Archive.open(file, CLOCK)) {
            SearchIndexChecks.current(archive);
        }
        assertEquals(rows, ArchiveSnapshots.of(file, ROWS), "every row, key and chat as version 8 had them");
        assertEquals(hits, ArchiveSnapshots.ofIndex(file, INDEX), "every hit and term as version 8's index had them");
    }

    @Test
    void newArchive_hasAnIdentityAndAnEmptyChangeLog_andNoIndexInside() {
        Path file = folder.resolve("new.db");
        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(1, (int) archive.read(s -> s.handle().createQuery("SELECT count(*) FROM archive_identity")
                    .mapTo(Integer.class).one()));
            assertEquals(0, (int) archive.read(s -> s.handle().createQuery("SELECT count(*) FROM search_changes")
                    .mapTo(Integer.class).one()));
            assertEquals(List.of(), archive.read(s -> s.handle().createQuery("SELECT name FROM sqlite_master "
                    + "WHERE name LIKE 'messages_fts%'").mapTo(String.class).list()));
        }
        assertTrue(Files.exists(SearchIndex.fileFor(file)));
    }

    /** An archive as version 8 wrote it (every migration before 9 applied), with its in-file index. */
    private static void writeVersion8(Path file) {
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < SEARCH_FILE) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                tx.execute("INSERT INTO chats (chat_jid, provider_id, title, is_group, last_activity, message_count, "
                        + "created_at, updated_at) VALUES (?, 'whatsapp', 'Alice', 0, ?, 6, 1, 2)", ALICE, T.toEpochMilli());
                String insert = "INSERT INTO messages (id, chat_jid, sender, sender_name, content, timestamp, is_from_me, "
                        + "message_type, created_at) VALUES (?, ?, ?, 'Alice', ?, ?, 0, 'text', 3)";
                tx.execute(insert, "a1", ALICE, ALICE, "station first", T.toEpochMilli());
                tx.execute(insert, "a2", ALICE, ALICE, "hello station", T.toEpochMilli());
                tx.execute(insert, "a3", ALICE, ALICE, "station without a time", 0);
                tx.execute(insert, "a4", ALICE, ALICE, "send me an e-mail about the Café", T.toEpochMilli() - 1000);
                tx.execute(insert, "g1", ALICE, ALICE, "Привет café 你好", T.toEpochMilli() + 1);
                tx.execute(insert, "g2", ALICE, ALICE, "station at five", T.toEpochMilli() + 5000);
                tx.execute("PRAGMA user_version = " + (SEARCH_FILE - 1));
            });
        }
        assertTrue(ArchiveSnapshots.ftsData(file) > 0, "version 8 keeps its index in the archive");
    }
}

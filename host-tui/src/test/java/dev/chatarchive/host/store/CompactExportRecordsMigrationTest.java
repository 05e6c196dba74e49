package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 5: an archive written by version 4 with export messages in the old, long record
 * format (the message's lines, local time, author and flags again) gets compact records that still
 * give back each message's lines exactly; other sources' records, the messages and the full-text
 * index are left as they were.
 */
class CompactExportRecordsMigrationTest {

    /** The version this test is about. */
    private static final int COMPACT = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPORT = "export-0123456789abcdef01234567@g.us";
    private static final String REAL = "31612345678@s.whatsapp.net";
    private static final String PLAIN_LINES = "12/03/2024, 09:14 - Alice Martin: see you at the station";
    private static final String EDITED_LINES = "12/03/2024, 09:15 - Alice Martin: IMG-1.jpg (file attached)\n"
            + "the view <This message was edited>";
    private static final String BACKUP_RECORD = "{\"source\":\"whatsapp-android-backup\",\"raw\":\"kept\"}";

    /** A plain export record since version 7. */
    private static final String PLAIN_SOURCE = "{\"source\":\"whatsapp-export\"}";

    @TempDir
    Path folder;

    @Test
    void open_version4ArchiveWithLongExportRecords_compactsThemAndKeepsEverythingElse() throws Exception {
        Path file = folder.resolve("archive.db");
        writeVersion4(file);
        List<String> before = Jdbi.create("jdbc:sqlite:" + file).withHandle(CompactExportRecordsMigrationTest::rows);

        // Version 5's own step, on a copy: the plain record keeps the header before the content.
        Path copy = folder.resolve("version5.db");
        java.nio.file.Files.copy(file, copy);
        String version5 = Jdbi.create("jdbc:sqlite:" + copy).inTransaction(tx -> {
            Migrations.ALL.get(4).step().apply(tx, CLOCK);
            return tx.createQuery("SELECT raw_proto FROM messages WHERE id = 'e1'").mapTo(String.class).one();
        });
        JsonNode plain = JSON.readTree(version5);
        assertEquals("{\"source\":\"whatsapp-export\",\"line\":7,\"header\":\"12/03/2024, 09:14 - Alice Martin: \"}",
                plain.toString());
        assertEquals(PLAIN_LINES, plain.get("header").asText() + "see you at the station");

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            assertEquals(before, archive.read(s -> rows(s.handle())), "messages are unchanged but for raw_proto");
            // Version 7 then keeps only the source of a plain record (IntegerChatKeyMigrationTest).
            assertEquals(PLAIN_SOURCE, record(archive, "e1"));

            JsonNode edited = JSON.readTree(record(archive, "e2"));
            assertEquals(EDITED_LINES, edited.get("raw").asText(), "lines that are not header + content stay whole");
            assertEquals("IMG-1.jpg", edited.get("attachment").asText());
            assertTrue(edited.get("attachmentIncluded").asBoolean());
            assertFalse(edited.has("author") || edited.has("localTime") || edited.has("system") || edited.has("edited"));

            JsonNode deleted = JSON.readTree(record(archive, "e3"));
            assertEquals("the old text", deleted.get("deletedContent").asText(), "keys added later are kept");

            assertEquals(BACKUP_RECORD, record(archive, "R1"), "other sources' records are left alone");
            SearchIndexChecks.current(archive);
            assertEquals(List.of("e1"), archive.read(s -> s.handle().createQuery("SELECT m.id FROM search.messages_fts f JOIN"
                    + " messages m ON m.search_key = f.rowid WHERE messages_fts MATCH 'station'").mapTo(String.class).list()));
        }
        try (Archive again = Archive.open(file, CLOCK)) {
            assertEquals(PLAIN_SOURCE, record(again, "e1"), "opening again changes nothing");
        }
    }

    private static String record(Archive archive, String id) {
        return archive.read(s -> s.handle().createQuery("SELECT raw_proto FROM messages WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private static List<String> rows(Handle handle) {
        return handle.createQuery("SELECT chat_jid || '|' || id || '|' || sender || '|' || content || '|' || timestamp"
                + " || '|' || is_edited || '|' || search_key FROM messages ORDER BY row_id").mapTo(String.class).list();
    }

    /** An archive as version 4 wrote it: export messages with the long records, and a backup's message. */
    private static void writeVersion4(Path file) throws Exception {
        String plain = JSON.createObjectNode().put("source", "whatsapp-export").put("localTime", "2024-03-12T09:14")
                .put("line", 7).put("author", "Alice Martin").put("system", false).put("edited", false)
                .put("raw", PLAIN_LINES).toString();
        String edited = JSON.createObjectNode().put("source", "whatsapp-export").put("localTime", "2024-03-12T09:15")
                .put("line", 8).put("author", "Alice Martin").put("system", false).put("attachment", "IMG-1.jpg")
                .put("attachmentIncluded", true).put("edited", true).put("raw", EDITED_LINES).toString();
        String deleted = JSON.createObjectNode().put("source", "whatsapp-export").put("localTime", "2024-03-12T09:16")
                .put("line", 10).put("author", "Alice Martin").put("system", false).put("edited", false)
                .put("raw", "12/03/2024, 09:16 - Alice Martin: This message was deleted")
                .put("deletedContent", "the old text").toString();
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < COMPACT) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                tx.execute("INSERT INTO chats (chat_jid, provider_id, title, created_at, updated_at, message_count)"
                        + " VALUES (?, 'whatsapp', 'Alice', 0, 0, 3), (?, 'whatsapp', 'Alice Martin', 0, 0, 1)", EXPORT, REAL);
                long at = Instant.parse("2024-03-12T09:14:00Z").toEpochMilli();
                String insert = "INSERT INTO messages (id, chat_jid, sender, sender_name, content, timestamp, is_edited,"
                        + " message_type, raw_proto, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
                tx.execute(insert, "e1", EXPORT, "Alice Martin", "Alice Martin", "see you at the station", at, 0, "text", plain);
                tx.execute(insert, "e2", EXPORT, "Alice Martin", "Alice Martin", "the view", at + 60_000, 1, "image", edited);
                tx.execute(insert, "e3", EXPORT, "Alice Martin", "Alice Martin", "", at + 120_000, 0, "deleted", deleted);
                tx.execute(insert, "R1", REAL, REAL, null, "hello", at + 180_000, 0, "text", BACKUP_RECORD);
                tx.execute("PRAGMA user_version = " + (COMPACT - 1));
            });
        }
    }
}

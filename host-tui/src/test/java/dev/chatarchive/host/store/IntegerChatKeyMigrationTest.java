package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * Schema version 7: messages name their chat by an integer key (message_rows.chat_key) and the view
 * {@code messages} shows them as before. An archive written by version 6 keeps every message, chat,
 * checkpoint, request, merge, attachment and search result; its full-text index is kept, not rebuilt.
 */
class IntegerChatKeyMigrationTest {

    /** The version this test is about. */
    private static final int CHAT_KEY = 7;
    private static final String ALICE = "31612345678@s.whatsapp.net";
    private static final String GROUP = "120363000000000001@g.us";
    private static final String EXPORT = "export-0123456789abcdef0123456789abcdef";
    private static final Instant T = Instant.parse("2024-03-12T09:14:00Z");
    private static final String SHA = "ab".repeat(32);
    /** What a plain WhatsApp export record is since version 7. */
    private static final String PLAIN = "{\"source\":\"whatsapp-export\"}";

    /** Every table, read by the same SQL before (version 6: tables) and after (version 7: a view for messages). */
    private static final Map<String, String> SNAPSHOT = new LinkedHashMap<>();
    /** The index's own answers, read where the index lives (ArchiveSnapshots.ofIndex). */
    private static final Map<String, String> INDEX = new LinkedHashMap<>();

    static {
        SNAPSHOT.put("messages", "SELECT row_id, id, chat_jid, sender, sender_name, content, timestamp, is_from_me, "
                + "message_type, raw_proto, is_edited, reactions, created_at, search_key FROM messages ORDER BY row_id");
        SNAPSHOT.put("chats", "SELECT chat_jid, provider_id, title, is_group, last_activity, estimated_size, message_count, "
                + "created_at, updated_at FROM chats ORDER BY chat_jid");
        SNAPSHOT.put("checkpoints", "SELECT * FROM sync_checkpoints ORDER BY sync_id");
        SNAPSHOT.put("requests", "SELECT * FROM sync_requests ORDER BY request_id");
        SNAPSHOT.put("status", "SELECT * FROM sync_status");
        SNAPSHOT.put("merges", "SELECT * FROM chat_merges ORDER BY from_chat");
        SNAPSHOT.put("merged", "SELECT * FROM merged_messages ORDER BY chat_jid, message_id");
        SNAPSHOT.put("files", "SELECT * FROM media_files ORDER BY sha256");
        SNAPSHOT.put("attachments", "SELECT a.*, m.chat_jid, m.id FROM attachments a JOIN messages m "
                + "ON m.row_id = a.message_row_id ORDER BY a.message_row_id");
        // The index's own answers: keys and terms (since version 9 it is contentless, in a file of its own).
        INDEX.put("search station", "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'station' ORDER BY rowid DESC");
        INDEX.put("search hello", "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'hello OR café' ORDER BY rowid");
        INDEX.put("terms", "SELECT term, doc, col, offset FROM messages_fts_terms ORDER BY term, doc, offset");
    }

    @TempDir
    Path folder;

    @Test
    void open_version6Archive_keepsEveryRowKeyAndSearchResultUnderIntegerChatKeys() {
        Path file = folder.resolve("archive.db");
        writeVersion6(file, false);
        assertEquals(ArchiveProbe.Kind.ARCHIVE, ArchiveProbe.probe(file).kind(), "a version 6 file is an archive");
        Map<String, List<Map<String, Object>>> before = ArchiveSnapshots.of(file, SNAPSHOT);
        assertEquals(7, before.get("messages").size());
        Map<String, List<Map<String, Object>>> indexBefore = ArchiveSnapshots.ofIndex(file, INDEX);

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            assertTrue(CHAT_KEY <= Migrations.LATEST);
            assertEquals("view", archive.read(s -> s.handle().createQuery(
                    "SELECT type FROM sqlite_master WHERE name = 'messages'").mapTo(String.class).one()));
            assertEquals(List.of(), archive.read(s -> s.handle().createQuery(
                    "SELECT name FROM pragma_table_info('message_rows') WHERE name = 'chat_jid'").mapTo(String.class).list()),
                    "the rows do not carry the chat id's text");
            // Every message's chat_key is its chat's key.
            assertEquals(0, (int) archive.read(s -> s.handle().createQuery("SELECT count(*) FROM message_rows m "
                    + "WHERE NOT EXISTS (SELECT 1 FROM chats c WHERE c.chat_key = m.chat_key)").mapTo(Integer.class).one()));
            SearchIndexChecks.assertIntact(archive);
            assertEquals(List.of(), archive.read(s -> s.handle().createQuery("PRAGMA foreign_key_check").mapToMap().list()));
            // The store's own searches see the same messages, newest first.
            assertEquals(List.of("g2", "a2", "a1", "a3"), archive.read(s -> s.search().search("station", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList());
            assertEquals(List.of("a2", "a1", "a3"), archive.read(s -> s.search().search("station", ALICE, 10)).stream()
                    .map(hit -> hit.message().message().id()).toList(), "a3 is at time 0: older than every real time");
        }
        // The one plain export record is the source alone now (its header "12/03/2024, 09:13 - Alice: ").
        before.get("messages").stream().filter(row -> row.get("id").equals(EXPORT.substring(0, 10) + "-1"))
                .forEach(row -> row.put("raw_proto", PLAIN));
        assertEquals(before, ArchiveSnapshots.of(file, SNAPSHOT), "every row and key as version 6 had them");
        assertEquals(indexBefore, ArchiveSnapshots.ofIndex(file, INDEX), "every hit and term as version 6 had them");
        assertEquals(0, (int) Jdbi.create("jdbc:sqlite:" + file).withHandle(h -> h.createQuery("PRAGMA freelist_count")
                .mapTo(Integer.class).one()), "the old tables' pages were given back (VACUUM)");
        assertEquals(ArchiveProbe.Kind.ARCHIVE, ArchiveProbe.probe(file).kind(), "a version 7 file is an archive");

        // New messages go on from there: the next free slot of a held millisecond, under the chat's key.
        try (Archive archive = Archive.open(file, CLOCK)) {
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("n1", ALICE, ALICE, "station again", T, false),
                    HistoricalMessage.text("a1", ALICE, ALICE, "a copy of a held one", T, false))));
            assertEquals(T.toEpochMilli() * 1024 + 2, (long) archive.read(s -> s.handle().createQuery(
                    "SELECT search_key FROM messages WHERE id = 'n1'").mapTo(Long.class).one()));
            assertEquals(4, (long) archive.read(s -> s.chats().find(ALICE).orElseThrow().messageCount()));
            SearchIndexChecks.current(archive);
            assertEquals(List.of("n1", "a2", "a1", "a3"), archive.read(s -> s.search().search("station", ALICE, 10)).stream()
                    .map(hit -> hit.message().message().id()).toList());
        }
    }

    /**
     * The parser's cases (docs/whatsapp-exports.md, "What is stored"): a plain record of a person's message
     * or of an event becomes the source alone; anything else keeps its record byte for byte.
     */
    @Test
    void open_version6Archive_plainExportRecordsBecomeTheSourceAloneAndOthersStayAsTheyWere() {
        String nnbsp = "\u202F";
        String[][] cases = {
            // id, sender, sender_name, raw_proto, expected (null: unchanged)
            {"plain", "Alice Martin", "Alice Martin",
                "{\"source\":\"whatsapp-export\",\"line\":7,\"header\":\"12/03/2024, 09:14 - Alice Martin: \"}", PLAIN},
            {"ios-nnbsp", "me", "Dmitry S",
                "{\"source\":\"whatsapp-export\",\"line\":2,\"header\":\"[3/27/22, 9:41:55" + nnbsp + "PM] Dmitry S: \"}", PLAIN},
            {"event", "system", null, "{\"source\":\"whatsapp-export\",\"line\":3,\"header\":\"12/03/2024, 09:14 - \"}", PLAIN},
            {"event-under-chat-name", "system", null,
                "{\"source\":\"whatsapp-export\",\"line\":4,\"header\":\"[3/27/22, 9:41:55 PM] Book Club: \"}", null},
            {"mark", "x", "Dmitry S",
                "{\"source\":\"whatsapp-export\",\"line\":5,\"header\":\"\u200E[3/27/22, 9:41:55 PM] Dmitry S: \"}", null},
            {"arabic-digits", "x", "Dmitry S",
                "{\"source\":\"whatsapp-export\",\"line\":5,\"header\":\"[\u0661\u0668/3/22, 2:56 PM] Dmitry S: \"}", null},
            {"author-differs", "x", "Dmitry",
                "{\"source\":\"whatsapp-export\",\"line\":5,\"header\":\"12/03/2024, 09:14 - Dmitry S: \"}", null},
            {"attachment", "x", "Ann", "{\"source\":\"whatsapp-export\",\"line\":6,\"header\":\"12/03/2024, 09:14 - Ann: \","
                + "\"attachment\":\"IMG-1.jpg\",\"attachmentIncluded\":false}", null},
            {"raw", "x", "Ann",
                "{\"source\":\"whatsapp-export\",\"line\":8,\"raw\":\"12/03/2024, 09:14 - Ann: hi <This message was edited>\"}", null},
            {"deleted-content", "x", "Ann", "{\"source\":\"whatsapp-export\",\"line\":9,\"header\":\"12/03/2024, 09:14 - Ann: \","
                + "\"deletedContent\":\"hi\"}", null},
            {"other-source", "x", "Ann",
                "{\"source\":\"whatsapp-backup\",\"line\":9,\"header\":\"12/03/2024, 09:14 - Ann: \"}", null},
            {"null", "x", "Ann", null, null},
            {"empty-time", "x", "Ann", "{\"source\":\"whatsapp-export\",\"line\":9,\"header\":\"Ann: \"}", null},
            {"two-lines", "x", "Ann", "{\"source\":\"whatsapp-export\",\"line\":9,\"header\":\"12/03/2024, 09:14 - x\\nAnn: \"}", null},
            {"string-line", "x", "Ann", "{\"source\":\"whatsapp-export\",\"line\":\"9\",\"header\":\"12/03/2024, 09:14 - Ann: \"}", null},
        };
        Path file = folder.resolve("archive.db");
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < CHAT_KEY) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                tx.execute("INSERT INTO chats (chat_jid, provider_id, title, created_at, updated_at) "
                        + "VALUES (?, 'whatsapp', 'Book Club', 0, 0)", GROUP);
                for (int i = 0; i < cases.length; i++) {
                    tx.execute("INSERT INTO messages (id, chat_jid, sender, sender_name, content, timestamp, raw_proto, "
                            + "created_at) VALUES (?, ?, ?, ?, 'text', ?, ?, 0)", cases[i][0], GROUP, cases[i][1],
                            cases[i][2], T.toEpochMilli() + i, cases[i][3]);
                }
                tx.execute("PRAGMA user_version = " + (CHAT_KEY - 1));
            });
        }
        try (Archive archive = Archive.open(file, CLOCK)) {
            for (String[] c : cases) {
                String stored = archive.read(s -> s.handle().createQuery("SELECT raw_proto FROM messages WHERE id = :id")
                        .bind("id", c[0]).mapTo(String.class).one());
                assertEquals(c[4] != null ? c[4] : c[3], stored, c[0]);
            }
        }
    }

    @Test
    void upgrade_withTooLittleFreeDisk_skipsTheCompactionAndSaysSo_theArchiveIsComplete() {
        Path file = folder.resolve("archive.db");
        writeVersion6(file, false);
        Map<String, List<Map<String, Object>>> before = ArchiveSnapshots.of(file, SNAPSHOT);
        String notice;
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.execute("PRAGMA foreign_keys = ON");
            notice = Migrations.migrate(handle, file, CLOCK, dev.chatarchive.host.progress.ProgressListener.NONE,
                    folder -> 0L);
        }
        assertTrue(notice != null && notice.contains("free space stays inside archive.db")
                && notice.contains("VACUUM"), String.valueOf(notice));
        assertTrue(Jdbi.create("jdbc:sqlite:" + file).withHandle(h -> h.createQuery("PRAGMA freelist_count")
                .mapTo(Integer.class).one()) > 0, "not compacted");
        before.get("messages").stream().filter(row -> row.get("id").equals(EXPORT.substring(0, 10) + "-1"))
                .forEach(row -> row.put("raw_proto", PLAIN));
        assertEquals(before, ArchiveSnapshots.of(file, SNAPSHOT), "upgraded and complete all the same");
        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            assertTrue(archive.upgradeNotice().isEmpty(), "nothing to upgrade on the next open");
        }
    }

    @Test
    void openReadOnly_version6Archive_isRefusedWithWhatToDoAndLeftAtVersion6() throws Exception {
        Path file = folder.resolve("archive.db");
        writeVersion6(file, false);
        byte[] bytes = Files.readAllBytes(file);
        ArchiveException refused = assertThrows(ArchiveException.class, () -> Archive.openReadOnly(file, CLOCK));
        assertTrue(refused.getMessage().contains("needs an upgrade to schema version " + Migrations.LATEST)
                && refused.getMessage().contains("open it once with chat-archive (not read-only)"), refused.getMessage());
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(file)), "the file is unchanged");
    }

    @Test
    void open_version6ArchiveWithABrokenReference_rollsBackAndLeavesItAsItWas() {
        Path file = folder.resolve("archive.db");
        writeVersion6(file, true);
        Map<String, List<Map<String, Object>>> before = ArchiveSnapshots.of(file, SNAPSHOT);
        ArchiveException refused = assertThrows(ArchiveException.class, () -> Archive.open(file, CLOCK).close());
        assertTrue(refused.getMessage().contains("nothing was changed"), refused.getMessage());
        assertEquals(CHAT_KEY - 1, (int) Jdbi.create("jdbc:sqlite:" + file).withHandle(Migrations::userVersion));
        assertEquals("table", Jdbi.create("jdbc:sqlite:" + file).withHandle(h -> h.createQuery(
                "SELECT type FROM sqlite_master WHERE name = 'messages'").mapTo(String.class).one()));
        assertEquals(before, ArchiveSnapshots.of(file, SNAPSHOT), "the version 6 archive is as it was");
    }

    @Test
    void checkpointCursor_mustNameAHeldMessage_andAHeldCursorCannotBeDeletedOrMoved() {
        try (Archive archive = ArchiveFixture.open(folder)) {
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("c1", ALICE, ALICE, "cursor", T, false),
                    HistoricalMessage.text("c2", ALICE, ALICE, "other", T.plusSeconds(1), false),
                    HistoricalMessage.text("g1", GROUP, ALICE, "group", T, false))));
            String insert = "INSERT INTO sync_checkpoints (sync_id, chat_jid, status, last_message_id, last_timestamp, "
                    + "created_at, updated_at) VALUES (?, ?, 'interrupted', ?, 1, 0, 0)";
            assertRefused(archive, h -> h.execute(insert, ALICE, ALICE, "nowhere"));
            assertRefused(archive, h -> h.execute(insert, ALICE, ALICE, "g1"));
            archive.write(s -> s.handle().execute(insert, ALICE, ALICE, "c1"));
            assertRefused(archive, h -> h.execute("UPDATE sync_checkpoints SET last_message_id = 'g1'"));
            assertRefused(archive, h -> h.execute("DELETE FROM message_rows WHERE id = 'c1'"));
            assertRefused(archive, h -> h.execute("DELETE FROM messages WHERE id = 'c1'"));
            assertRefused(archive, h -> h.execute("UPDATE message_rows SET chat_key = "
                    + "(SELECT chat_key FROM chats WHERE chat_jid = ?) WHERE id = 'c1'", GROUP));
            assertRefused(archive, h -> h.execute("UPDATE message_rows SET id = 'c9' WHERE id = 'c1'"));
            // Messages that are no cursor, and a cursor that moves first, are free to go.
            archive.write(s -> s.handle().execute("DELETE FROM message_rows WHERE id = 'c2'"));
            archive.write(s -> s.handle().execute("UPDATE sync_checkpoints SET last_message_id = NULL, last_timestamp = NULL"));
            archive.write(s -> s.handle().execute("DELETE FROM messages WHERE id = 'c1'"));
            assertEquals(List.of("g1"), archive.read(s -> s.handle().createQuery("SELECT id FROM messages")
                    .mapTo(String.class).list()));
        }
    }

    private static void assertRefused(Archive archive, java.util.function.Consumer<Handle> change) {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> archive.write(s -> {
            change.accept(s.handle());
            return null;
        }));
        assertTrue(String.valueOf(refused.getMessage()).contains("FOREIGN KEY constraint failed"), refused.getMessage());
    }


    /**
     * An archive as version 6 wrote it: three chats (one an export chat merged into Alice's), messages of
     * one millisecond, of time 0, edited, with reactions and raw records; a checkpoint with a cursor, a
     * request, a merge, a stored file. {@code broken}: one attachment names a message that is not there
     * (written with foreign keys off), which the upgrade's check must catch.
     */
    private static void writeVersion6(Path file, boolean broken) {
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < CHAT_KEY) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                String chat = "INSERT INTO chats (chat_jid, provider_id, title, is_group, last_activity, estimated_size, "
                        + "message_count, created_at, updated_at) VALUES (?, 'whatsapp', ?, ?, ?, ?, ?, 1, 2)";
                tx.execute(chat, GROUP, "Group", 1, T.toEpochMilli() + 5000, 40, 2);
                tx.execute(chat, ALICE, "Alice", 0, T.toEpochMilli(), null, 3);
                tx.execute(chat, EXPORT, "Alice (export)", 0, T.toEpochMilli(), null, 2);
                String insert = "INSERT INTO messages (id, chat_jid, sender, sender_name, content, timestamp, is_from_me, "
                        + "message_type, raw_proto, is_edited, reactions, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 3)";
                tx.execute(insert, "a1", ALICE, ALICE, "Alice", "station first", T.toEpochMilli(), 0, "text", null, 0, null);
                tx.execute(insert, "a2", ALICE, "me", null, "hello station", T.toEpochMilli(), 1, "text",
                        "{\"key\":{\"id\":\"a2\"}}", 1, "{\"me\":\"👍\"}");
                tx.execute(insert, "a3", ALICE, ALICE, "Alice", "station without a time", 0, 0, "text", null, 0, null);
                tx.execute(insert, "g1", GROUP, ALICE, "Alice", "Привет café 你好", T.toEpochMilli() + 1, 0, "text", null, 0, null);
                tx.execute(insert, "g2", GROUP, "me", null, "station at five", T.toEpochMilli() + 5000, 1, "image",
                        null, 0, null);
                tx.execute(insert, EXPORT.substring(0, 10) + "-1", EXPORT, "Alice", "Alice", "hello from the export",
                        T.toEpochMilli() - 60_000, 0, "text",
                        "{\"source\":\"whatsapp-export\",\"line\":3,\"header\":\"12/03/2024, 09:13 - Alice: \"}", 0, null);
                tx.execute(insert, EXPORT.substring(0, 10) + "-2", EXPORT, "Alice", "Alice", "the export's photo",
                        T.toEpochMilli() - 30_000, 0, "image", null, 0, null);
                tx.execute("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, messages_synced, last_message_id, "
                        + "last_timestamp, progress_percent, stop_reason, created_at, updated_at) VALUES (?, ?, "
                        + "'interrupted', 3, 'a1', ?, 50, 'limit_reached', 1, 2)", ALICE, ALICE, T.toEpochMilli());
                tx.execute("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, messages_synced, created_at, "
                        + "updated_at, completed_at) VALUES (?, ?, 'completed', 2, 1, 2, 3)", GROUP, GROUP);
                tx.execute("INSERT INTO sync_requests (request_id, chat_jid, max_messages, resume, requested_at, "
                        + "requested_by) VALUES ('r1', ?, 50, 1, 4, 'cli')", ALICE);
                tx.execute("INSERT INTO chat_merges (from_chat, into_chat, merged_at) VALUES (?, ?, 5)", EXPORT, ALICE);
                tx.execute("INSERT INTO merged_messages (chat_jid, message_id) VALUES (?, 'old-1')", EXPORT);
                tx.execute("INSERT INTO media_files (sha256, size, created_at) VALUES (?, 12, 6)", SHA);
                tx.execute("INSERT INTO attachments (message_row_id, file_name, mime_type, size, sha256, created_at, "
                        + "updated_at) SELECT row_id, 'photo.jpg', 'image/jpeg', 12, ?, 6, 7 FROM messages WHERE id = 'g2'", SHA);
                tx.execute("INSERT INTO attachments (message_row_id, file_name, created_at, updated_at) "
                        + "SELECT row_id, 'export.jpg', 6, 7 FROM messages WHERE chat_jid = ? AND message_type = 'image'", EXPORT);
                tx.execute("PRAGMA user_version = " + (CHAT_KEY - 1));
            });
            if (broken) {
                handle.execute("PRAGMA foreign_keys = OFF");
                handle.execute("INSERT INTO attachments (message_row_id, file_name, created_at, updated_at) "
                        + "VALUES (999, 'lost.jpg', 6, 7)");
            }
        }
        assertNotEquals(0L, ArchiveSnapshots.ftsData(file));
    }
}

package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 6: an archive written by version 5 (search keys given by the insert trigger's UPDATE)
 * keeps its rows, keys and full-text index; new messages, stored by the store or inserted raw, continue
 * the slots of the milliseconds the archive already holds.
 */
class SearchKeyInInsertMigrationTest {

    /** The version this test is about. */
    private static final int KEYED_IN_INSERT = 6;
    private static final String CHAT = "31612345678@s.whatsapp.net";
    private static final Instant T = Instant.parse("2024-03-12T09:14:00Z");

    @TempDir
    Path folder;

    @Test
    void open_version5Archive_keepsItsKeysAndNewMessagesTakeTheNextFreeSlots() {
        Path file = folder.resolve("archive.db");
        writeVersion5(file);
        List<String> before = Jdbi.create("jdbc:sqlite:" + file).withHandle(SearchKeyInInsertMigrationTest::rows);
        assertEquals(List.of("v1|" + T.toEpochMilli() * 1024, "v2|" + (T.toEpochMilli() * 1024 + 1),
                "v0|" + (-4611686018427387904L + 3)), before, "keys as version 5's trigger gave them");

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            assertTrue(KEYED_IN_INSERT <= Migrations.LATEST);
            assertEquals(before, archive.read(s -> rows(s.handle())), "rows and keys are unchanged");

            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("n1", CHAT, CHAT, "station again", T, false),
                    HistoricalMessage.text("n2", CHAT, CHAT, "station later", T.plusSeconds(60), false))));
            archive.write(s -> s.handle().execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, "
                    + "created_at) VALUES ('raw', ?, ?, 'station raw', ?, 0)", CHAT, CHAT, T.toEpochMilli()));

            assertEquals(T.toEpochMilli() * 1024 + 2, key(archive, "n1"));
            assertEquals(T.toEpochMilli() * 1024 + 3, key(archive, "raw"));
            assertEquals((T.toEpochMilli() + 60_000) * 1024, key(archive, "n2"));
            SearchIndexChecks.assertIntact(archive);
            assertEquals(List.of("n2", "raw", "n1", "v2", "v1"), archive.read(s -> s.handle().createQuery(
                    "SELECT m.id FROM search.messages_fts f JOIN messages m ON m.search_key = f.rowid "
                            + "WHERE messages_fts MATCH 'station' ORDER BY f.rowid DESC").mapTo(String.class).list()),
                    "newest first, each message under its own key");
        }
    }

    private static long key(Archive archive, String id) {
        return archive.read(s -> s.handle().createQuery("SELECT search_key FROM messages WHERE id = :id")
                .bind("id", id).mapTo(Long.class).one());
    }

    private static List<String> rows(Handle handle) {
        return handle.createQuery("SELECT id || '|' || search_key FROM messages ORDER BY row_id").mapTo(String.class).list();
    }

    /** An archive as version 5 wrote it: two messages of one millisecond, and one of time 0. */
    private static void writeVersion5(Path file) {
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < KEYED_IN_INSERT) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                tx.execute("INSERT INTO chats (chat_jid, provider_id, title, created_at, updated_at, message_count)"
                        + " VALUES (?, 'whatsapp', 'Alice', 0, 0, 3)", CHAT);
                String insert = "INSERT INTO messages (id, chat_jid, sender, content, timestamp, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, 0)";
                tx.execute(insert, "v1", CHAT, CHAT, "station first", T.toEpochMilli());
                tx.execute(insert, "v2", CHAT, CHAT, "station second", T.toEpochMilli());
                tx.execute(insert, "v0", CHAT, CHAT, "no time", 0);
                tx.execute("PRAGMA user_version = " + (KEYED_IN_INSERT - 1));
            });
        }
    }
}

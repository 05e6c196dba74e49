package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 4: an archive written by version 3 (an export chat and the real chat, not merged)
 * gains the tables that remember merges, keeps every row, and a merge made after the migration is
 * remembered.
 */
class ChatMergesMigrationTest {

    /** The version this test is about. */
    private static final int MERGES = 4;
    private static final String EXPORT = "export-0123456789abcdef01234567@s.whatsapp.net";
    private static final String REAL = "31612345678@s.whatsapp.net";

    @TempDir
    Path folder;

    @Test
    void open_previousVersionArchive_keepsItsRowsAndRemembersMergesMadeAfterwards() {
        Path file = folder.resolve("archive.db");
        writePreviousVersion(file);
        List<String> before = Jdbi.create("jdbc:sqlite:" + file).withHandle(ChatMergesMigrationTest::rows);

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            assertEquals(before, archive.read(s -> rows(s.handle())));
            assertEquals(List.of(), archive.read(s -> s.merges().list()), "no merge was made before version 4");

            archive.write(s -> s.merge(EXPORT, REAL));
            HistoricalMessage again = new HistoricalMessage("export-1", EXPORT, "Anna", null, "hello",
                    Instant.parse("2024-03-01T09:00:00Z"), false, MessageType.TEXT, false, "{\"source\":\"whatsapp-export\"}");

            assertEquals(0, archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(again))).inserted());
            assertEquals(List.of(new ChatMerges.Merge(EXPORT, REAL, ArchiveFixture.NOW)), archive.read(s -> s.merges().list()));
            assertTrue(archive.<Boolean>read(s -> s.messages().exists(REAL, "R1")));
        }
    }

    private static List<String> rows(Handle handle) {
        return handle.createQuery("SELECT chat_jid || '|' || id || '|' || content || '|' || timestamp FROM messages"
                + " ORDER BY row_id").mapTo(String.class).list();
    }

    /** An archive as version 3 wrote it: an imported export and the phone's chat of the same conversation. */
    private static void writePreviousVersion(Path file) {
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < MERGES) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                tx.execute("INSERT INTO chats (chat_jid, provider_id, title, created_at, updated_at, message_count)"
                        + " VALUES (?, 'whatsapp', 'Anna', 0, 0, 1), (?, 'whatsapp', 'Anna de Vries', 0, 0, 1)", EXPORT, REAL);
                tx.execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, raw_proto, created_at)"
                        + " VALUES ('export-1', ?, 'Anna', 'hello', ?, '{\"source\":\"whatsapp-export\"}', 0)",
                        EXPORT, Instant.parse("2024-03-01T09:00:00Z").toEpochMilli());
                tx.execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, raw_proto, created_at)"
                        + " VALUES ('R1', ?, ?, 'hello', ?, '{\"source\":\"whatsapp-android-backup\"}', 0)",
                        REAL, REAL, Instant.parse("2024-03-01T09:00:20Z").toEpochMilli());
                tx.execute("PRAGMA user_version = " + (MERGES - 1));
            });
        }
    }
}

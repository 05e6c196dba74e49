package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 3: an archive written by version 2 gets time-ordered search keys and a rebuilt index. */
class SearchKeyMigrationTest {

    /** The version this test is about. */
    private static final int SEARCH_KEYS = 3;
    private static final long START = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path folder;

    @Test
    void open_previousVersionArchive_keysEveryMessageByTimeAndSearchesNewestFirst() {
        Path file = folder.resolve("archive.db");
        writePreviousVersion(file);

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
            List<String> byKey = archive.read(s -> s.handle().createQuery("SELECT id FROM messages ORDER BY search_key DESC")
                    .mapTo(String.class).list());
            // Stored newest first (row ids run backwards in time); keys follow time; the two messages of one
            // millisecond get slots in row order; the unreadable legacy time (0) comes last.
            assertEquals(List.of("m5", "m4", "m3", "m2b", "m2a", "m1", "legacy"), byKey);
            SearchIndexChecks.current(archive); // built from the rows in the background since version 9
            List<String> hits = archive.read(s -> new MessageSearch(s.handle()).search("tomorrow", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList();
            assertEquals(List.of("m5", "m3", "m2b", "m2a", "legacy"), hits);
            SearchIndexChecks.assertIntact(archive);

            // New messages after the migration are keyed and indexed by the trigger.
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(HistoricalMessage.text("m6", CHAT, "s",
                    "tomorrow again", Instant.ofEpochMilli(START + 2_000), false))));
            SearchIndexChecks.current(archive);
            List<String> after = archive.read(s -> new MessageSearch(s.handle()).search("tomorrow", 2)).stream()
                    .map(hit -> hit.message().message().id()).toList();
            assertEquals(List.of("m6", "m5"), after);
        }
    }

    @Test
    void open_previousVersionArchive_keepsMessageRowsAndTextUnchanged() {
        Path file = folder.resolve("archive.db");
        writePreviousVersion(file);
        List<String> before = Jdbi.create("jdbc:sqlite:" + file).withHandle(SearchKeyMigrationTest::rows);

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(before, archive.read(s -> rows(s.handle())));
            Long keyed = archive.read(s -> s.handle().createQuery("SELECT count(DISTINCT search_key) FROM messages")
                    .mapTo(Long.class).one());
            assertEquals((long) before.size(), keyed);
            SearchIndexChecks.current(archive);
            int indexed = archive.read(s -> s.handle().createQuery("SELECT count(*) FROM search.messages_fts "
                    + "WHERE messages_fts MATCH 'tomorrow'").mapTo(Integer.class).one());
            assertEquals(5, indexed);
        }
    }

    private static List<String> rows(Handle handle) {
        return handle.createQuery("SELECT row_id || '|' || id || '|' || content || '|' || timestamp FROM messages ORDER BY row_id")
                .mapTo(String.class).list();
    }

    /** An archive as the previous version wrote it, filled newest first like a sync paging backwards. */
    private static void writePreviousVersion(Path file) {
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.useTransaction(tx -> {
                for (Migration migration : Migrations.ALL) {
                    if (migration.version() < SEARCH_KEYS) {
                        migration.step().apply(tx, CLOCK);
                    }
                }
                tx.execute("INSERT INTO chats (chat_jid, provider_id, title, created_at, updated_at) "
                        + "VALUES (?, 'whatsapp', 'Alice', 0, 0)", CHAT);
                Object[][] rows = {
                    {"m5", "tomorrow at five", START + 1_000},
                    {"m4", "no", START + 900},
                    {"m3", "Tomorrow!", START + 800},
                    {"m2a", "tomorrow, same millisecond", START + 700},
                    {"m2b", "tomorrow, same millisecond too", START + 700},
                    {"m1", "nothing", START + 600},
                    {"legacy", "tomorrow from an old bridge", 0L},
                };
                for (Object[] row : rows) {
                    tx.execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, created_at) "
                            + "VALUES (?, ?, 's', ?, ?, 0)", row[0], CHAT, row[1], row[2]);
                }
                tx.execute("PRAGMA user_version = " + (SEARCH_KEYS - 1));
            });
        }
    }
}

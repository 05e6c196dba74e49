package dev.chatarchive.host.store;

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

/**
 * A new archive is laid out with 8 KiB pages (docs/schema.md, "Page size"); a file that already holds
 * pages keeps its own page size.
 */
class NewArchiveFileTest {

    private static final String CHAT = "31612345678@s.whatsapp.net";
    private static final Instant T = Instant.parse("2024-03-12T09:14:00Z");

    @TempDir
    Path folder;

    @Test
    void open_newFile_hasEightKibPagesInWalMode_andStoresAndSearches() {
        Path file = folder.resolve("archive.db");
        try (Archive archive = Archive.open(file, CLOCK)) {
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("m1", CHAT, CHAT, "see you at the station", T, false))));
            SearchIndexChecks.current(archive);
            assertEquals(List.of("m1"), archive.read(s -> s.search().search("station", 10)).stream()
                    .map(hit -> hit.message().message().id()).toList());
            assertEquals("wal", archive.read(s -> s.handle().createQuery("PRAGMA journal_mode").mapTo(String.class).one()));
        }
        assertEquals(8192, pageSize(file));
    }

    @Test
    void open_archiveWithFourKibPages_keepsThem() {
        Path file = folder.resolve("old.db");
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.execute("PRAGMA page_size = 4096");
            handle.execute("PRAGMA journal_mode = WAL");
            handle.useTransaction(tx -> {
                Migrations.createLatestIn(tx, CLOCK);
                tx.execute("PRAGMA user_version = " + Migrations.LATEST);
            });
        }
        assertEquals(4096, pageSize(file));
        try (Archive archive = Archive.open(file, CLOCK)) {
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(
                    HistoricalMessage.text("m1", CHAT, CHAT, "station", T, false))));
        }
        assertEquals(4096, pageSize(file), "an existing archive keeps its page size");
    }

    @Test
    void open_emptyDatabaseMadeElsewhere_keepsItsPageSize() {
        Path file = folder.resolve("empty.db");
        try (Handle handle = Jdbi.open("jdbc:sqlite:" + file)) {
            handle.execute("PRAGMA page_size = 16384");
            handle.execute("VACUUM"); // writes the header: a database of one page, no tables, version 0
        }
        assertEquals(ArchiveProbe.Kind.NEW, ArchiveProbe.probe(file).kind());
        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(Migrations.LATEST, (int) archive.read(s -> Migrations.userVersion(s.handle())));
        }
        assertEquals(16384, pageSize(file));
    }

    private static int pageSize(Path file) {
        return Jdbi.create("jdbc:sqlite:" + file).withHandle(h -> h.createQuery("PRAGMA page_size").mapTo(Integer.class).one());
    }
}

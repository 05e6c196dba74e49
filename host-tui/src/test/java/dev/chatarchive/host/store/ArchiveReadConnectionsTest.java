package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static dev.chatarchive.host.store.ArchiveFixture.insert;
import static dev.chatarchive.host.store.ArchiveFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writable archive keeps its read connections open between reads ({@link ReadConnections}); what a
 * read sees and how it fails stay as with a connection opened for each read.
 */
class ArchiveReadConnectionsTest {

    @TempDir
    Path folder;

    private static Connection connectionOf(Archive archive) {
        return archive.read(session -> session.handle().getConnection());
    }

    private static long count(Archive archive) {
        return archive.read(session -> session.handle().createQuery("SELECT count(*) FROM messages")
                .mapTo(Long.class).one());
    }

    @Test
    void read_manyTimesOnOneThread_opensOneConnectionAndUsesItAgain() {
        try (Archive archive = ArchiveFixture.open(folder)) {
            Connection first = connectionOf(archive);
            for (int i = 0; i < 20; i++) {
                assertSame(first, connectionOf(archive));
            }
            assertEquals(1, archive.readConnectionsOpened());
        }
    }

    @Test
    void read_onAKeptConnection_seesEveryCommitMadeBeforeIt() {
        try (Archive archive = ArchiveFixture.open(folder)) {
            assertEquals(0, count(archive));
            insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
            assertEquals(1, count(archive));
            insert(archive, message(CHAT, "m2", "2024-01-01T10:01:00Z"));
            assertEquals(2, count(archive));
            assertEquals(1, archive.readConnectionsOpened());
        }
    }

    @Test
    void read_thatLeftAResultOpen_doesNotPinAnOldSnapshotForTheNextRead() {
        try (Archive archive = ArchiveFixture.open(folder)) {
            insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"), message(CHAT, "m2", "2024-01-01T10:01:00Z"));
            // Half-read and never closed by the caller: the handle's close must end it.
            archive.read(session -> {
                Iterator<String> rows = session.handle().createQuery("SELECT id FROM messages ORDER BY id")
                        .mapTo(String.class).iterator();
                return rows.next();
            });
            insert(archive, message(CHAT, "m3", "2024-01-01T10:02:00Z"));
            assertEquals(3, count(archive));
            assertTrue(ArchiveFixture.holds(archive, CHAT, "m3"));
        }
    }

    @Test
    void read_whileAnotherThreadReads_getsAConnectionOfItsOwnAndBothAreKept() {
        try (Archive archive = ArchiveFixture.open(folder)) {
            List<Connection> seen = new ArrayList<>();
            archive.read(outer -> {
                seen.add(outer.handle().getConnection());
                seen.add(CompletableFuture.supplyAsync(() -> connectionOf(archive)).join());
                return null;
            });
            assertNotSame(seen.get(0), seen.get(1));
            assertEquals(2, archive.readConnectionsOpened());
            connectionOf(archive);
            connectionOf(archive);
            assertEquals(2, archive.readConnectionsOpened());
        }
    }

    @Test
    void read_thatFailed_closesItsConnection() throws Exception {
        try (Archive archive = ArchiveFixture.open(folder)) {
            Connection before = connectionOf(archive);
            assertThrows(RuntimeException.class, () -> archive.read(session ->
                    session.handle().createQuery("SELECT nothing FROM no_such_table").mapTo(String.class).one()));
            assertTrue(before.isClosed(), "the failed read's connection is not used again");
            assertNotSame(before, connectionOf(archive));
        }
    }

    @Test
    void read_afterTheFileWasDamagedInPlace_failsAtOnceAsADamagedArchive() throws Exception {
        Path file = folder.resolve("archive.db");
        try (Archive archive = ArchiveFixture.open(folder)) {
            insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
            archive.jdbi().useHandle(handle -> handle.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list());
            assertEquals(1, count(archive)); // a connection is kept, its cache holds the file's pages
            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
                raw.write("this is no longer SQLite".getBytes(StandardCharsets.US_ASCII));
            }

            ArchiveCorruptException damaged = assertThrows(ArchiveCorruptException.class, () -> count(archive));
            assertTrue(damaged.getMessage().contains("is damaged"), damaged.getMessage());
        }
    }

    @Test
    void read_afterTheFileWasRemoved_neverReadsTheRemovedFile() throws Exception {
        Path file = folder.resolve("archive.db");
        try (Archive archive = ArchiveFixture.open(folder)) {
            insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
            assertEquals(1, count(archive));
            Files.delete(file);

            // As with a connection opened per read: SQLite finds no archive tables there.
            RuntimeException failed = assertThrows(RuntimeException.class, () -> count(archive));
            assertTrue(String.valueOf(failed.getMessage()).contains("no such table"), failed.getMessage());
        }
    }

    @Test
    void close_closesEveryKeptConnectionAndTheWriterStillRemovesTheWal() throws Exception {
        List<Connection> kept = new ArrayList<>();
        try (Archive archive = ArchiveFixture.open(folder)) {
            insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
            archive.read(outer -> {
                kept.add(outer.handle().getConnection());
                kept.add(CompletableFuture.supplyAsync(() -> connectionOf(archive)).join());
                return null;
            });
            assertEquals(2, archive.readConnectionsOpened());
        }
        for (Connection connection : kept) {
            assertTrue(connection.isClosed());
        }
        assertFalse(Files.exists(folder.resolve("archive.db-wal")), "the writer closes last and removes the WAL");
        assertFalse(Files.exists(folder.resolve("archive.db-shm")));
    }

    @Test
    void openReadOnly_opensAConnectionForEachRead() throws Exception {
        try (Archive writer = ArchiveFixture.open(folder)) {
            insert(writer, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
        }
        try (Archive reader = Archive.openReadOnly(folder.resolve("archive.db"), CLOCK)) {
            Connection first = connectionOf(reader);
            assertTrue(first.isClosed(), "a read-only archive keeps no connection after a read");
            assertEquals(1, count(reader));
        }
    }
}

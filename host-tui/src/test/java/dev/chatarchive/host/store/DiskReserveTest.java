package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static dev.chatarchive.host.store.ArchiveFixture.insert;
import static dev.chatarchive.host.store.ArchiveFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room an archive open for writing keeps beside it for recording a stop when the disk fills
 * ({@code archive.db.reserve}): its size follows the file's page size, it is there only while the archive
 * is open for writing, and giving it up frees it. That a full disk then records its {@code disk_full}
 * stop is DiskFullSyncIT's (a real tmpfs that fills up).
 */
class DiskReserveTest {

    @TempDir
    Path folder;

    @Test
    void bytesFor_isSixteenFramesOfThePageSizeAndOneSharedMemoryBlock() {
        assertEquals(32 + 16 * (4_096 + 24) + 32_768, DiskReserve.bytesFor(4_096));
        assertEquals(32 + 16 * (8_192 + 24) + 32_768, DiskReserve.bytesFor(8_192));
    }

    @Test
    void keep_writesTheRoomBesideTheArchive_andReleaseGivesItBackOnce() throws Exception {
        Path archive = folder.resolve("archive.db");
        DiskReserve reserve = DiskReserve.keep(archive, 100_000);
        Path file = folder.resolve("archive.db.reserve");
        assertTrue(reserve.held());
        assertEquals(100_000, Files.size(file));
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(java.util.stream.IntStream.range(0, 64).anyMatch(i -> bytes[i] != 0),
                "not zeros, which a compressing file system would keep no room for");

        reserve.release();
        assertFalse(reserve.held());
        assertFalse(Files.exists(file));
        reserve.release();
        reserve.close();
        assertFalse(Files.exists(file));
    }

    @Test
    void keep_whereNothingCanBeWritten_keepsNoRoomAndSaysSoInTheLogOnly() {
        DiskReserve reserve = DiskReserve.keep(folder.resolve("no-such-folder").resolve("archive.db"), 100_000);
        assertFalse(reserve.held());
        reserve.release();
        reserve.close();
    }

    @Test
    void archive_keepsTheRoomOfItsPageSizeWhileOpenForWriting_andRemovesItOnClose() throws Exception {
        Path file = folder.resolve("archive.db");
        Path reserve = folder.resolve("archive.db.reserve");
        try (Archive archive = Archive.open(file, CLOCK)) {
            assertFalse(Files.exists(reserve), "made with the writer, by the first write");
            insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
            int pageSize = archive.read(session -> session.handle().createQuery("PRAGMA page_size")
                    .mapTo(Integer.class).one());
            assertEquals(DiskReserve.bytesFor(pageSize), Files.size(reserve));
        }
        assertFalse(Files.exists(reserve), "removed with the archive's other files on close");
        try (Archive readOnly = Archive.openReadOnly(file, CLOCK)) {
            readOnly.read(session -> session.messages().count(CHAT));
            assertFalse(Files.exists(reserve), "a read-only archive writes nothing");
        }
    }
}

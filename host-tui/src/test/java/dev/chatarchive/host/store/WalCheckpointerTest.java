package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL is copied back into the archive by a thread of its own, not by the writer; it stays
 * bounded when that thread is held back; the thread ends with the archive. Real SQLite files, small
 * checkpoint sizes (in pages) so that a few hundred messages cross them.
 */
class WalCheckpointerTest {

    /** A page of 8 KiB (a new archive's) holds a few of these messages at most: the archive grows by pages quickly. */
    private static final String TEXT = "x".repeat(1_500);

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("archive.db");
    }

    private Path wal() {
        return folder.resolve("archive.db-wal");
    }

    private long walSize() throws Exception {
        return Files.exists(wal()) ? Files.size(wal()) : 0;
    }

    private static int pageSize(Archive archive) {
        return archive.read(session -> session.handle().createQuery("PRAGMA page_size").mapTo(Integer.class).one());
    }

    private static long pageCount(Archive archive) {
        return archive.read(session -> session.handle().createQuery("PRAGMA page_count").mapTo(Long.class).one());
    }

    /** One transaction of {@code count} messages numbered from {@code first}. */
    private static void store(Archive archive, int first, int count) {
        List<HistoricalMessage> page = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            page.add(HistoricalMessage.text("m" + i, CHAT, "31622222222@s.whatsapp.net", TEXT + i,
                    Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i), false));
        }
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));
    }

    @Test
    void write_pastTheBackgroundSize_theCheckpointThreadCopiesTheWalIntoTheFile() throws Exception {
        try (Archive archive = Archive.open(file(), CLOCK, new WalCheckpointer.Pages(50, 10_000, 20_000))) {
            store(archive, 0, 1);
            long fileBefore = Files.size(file());

            for (int i = 1; i < 200; i += 10) {
                store(archive, i, 10);
            }
            WalCheckpointer checkpointer = archive.walCheckpointer();
            checkpointer.awaitIdle();

            assertTrue(checkpointer.checkpoints() >= 1, "the WAL passed 50 pages: the thread checkpoints");
            assertTrue(Files.size(file()) > fileBefore,
                    "pages committed to the WAL are in the archive file now (the writer's own checkpoint is at 20,000 pages)");
            assertEquals(0, checkpointer.failures());
            int writerCap = archive.write(session -> session.handle().createQuery("PRAGMA wal_autocheckpoint")
                    .mapTo(Integer.class).one());
            assertEquals(20_000, writerCap, "the writer's own checkpoint is only the hard cap");
        }
    }

    @Test
    void write_belowTheBackgroundSize_noCheckpointRuns() throws Exception {
        try (Archive archive = Archive.open(file(), CLOCK, new WalCheckpointer.Pages(10_000, 20_000, 30_000))) {
            for (int i = 0; i < 50; i += 10) {
                store(archive, i, 10);
            }
            WalCheckpointer checkpointer = archive.walCheckpointer();
            checkpointer.awaitIdle();

            assertEquals(0, checkpointer.checkpoints(), "a live message or a small page costs no fsync");
        }
    }

    @Test
    void write_withTheCheckpointThreadHeldBack_theWalStaysWithinTheWritersCap() throws Exception {
        int cap = 50;
        try (Archive archive = Archive.open(file(), CLOCK, new WalCheckpointer.Pages(10, 20, cap))) {
            store(archive, 0, 1);
            archive.walCheckpointer().hold();
            long largest = 0;

            for (int i = 1; i < 3_000; i += 10) {
                store(archive, i, 10);
                largest = Math.max(largest, walSize());
            }

            long written = pageCount(archive);
            assertTrue(written > 10 * cap, "the run wrote " + written + " pages, far more than the cap");
            assertEquals(0, archive.walCheckpointer().checkpoints(), "the thread was held back");
            // The writer checkpoints after the commit that crosses the cap: the cap plus one transaction
            // (10 messages: at most a few dozen pages).
            long bound = WalCheckpointer.walBytes(2 * cap, pageSize(archive));
            assertTrue(largest <= bound, "the WAL reached " + largest + " bytes; the cap allows " + bound);
            archive.walCheckpointer().release();
        }
    }

    @Test
    void write_pastTheRestartSize_theWalStartsOverFromItsBeginning() throws Exception {
        int restart = 60;
        try (Archive archive = Archive.open(file(), CLOCK, new WalCheckpointer.Pages(20, restart, 1_000_000))) {
            WalCheckpointer checkpointer = null;
            long largest = 0;
            // 50 messages a transaction: with 8 KiB pages and no full-text index in the archive (schema version 9)
            // each commit adds about as many frames as 25 did with the index, and as 10 did with 4 KiB pages.
            for (int i = 0; i < 10_000; i += 50) {
                store(archive, i, 50);
                checkpointer = archive.walCheckpointer();
                checkpointer.awaitIdle();
                largest = Math.max(largest, walSize());
            }

            long written = pageCount(archive);
            int pageSize = pageSize(archive);
            assertTrue(written > 10 * restart, "the run wrote " + written + " pages");
            assertNotNull(checkpointer);
            assertTrue(checkpointer.restarts() >= 2, "restarts: " + checkpointer.restarts());
            // Without starting over the WAL would hold every page written (the writer's cap is a million).
            long bound = WalCheckpointer.walBytes(2 * restart, pageSize);
            assertTrue(largest <= bound, "the WAL reached " + largest + " bytes; starting over keeps it under " + bound);
            assertEquals(0, checkpointer.failures());
        }
    }

    @Test
    void close_stopsTheThreadAndClosesItsConnection_theWriterStillRemovesTheWal() throws Exception {
        WalCheckpointer checkpointer;
        try (Archive archive = Archive.open(file(), CLOCK, new WalCheckpointer.Pages(20, 40, 1_000))) {
            for (int i = 0; i < 300; i += 10) {
                store(archive, i, 10);
            }
            checkpointer = archive.walCheckpointer();
            checkpointer.awaitIdle();
            assertTrue(checkpointer.checkpoints() >= 1, "the thread has a connection open");
            assertTrue(checkpointer.running());
        }

        assertFalse(checkpointer.running(), "closing the archive ends its checkpoint thread");
        assertFalse(Files.exists(wal()), "the writer closed last: the WAL was emptied and removed");
        try (Archive archive = Archive.openReadOnly(file(), CLOCK)) {
            assertEquals(300L, (long) archive.read(session -> session.messages().count(CHAT)));
        }
    }

    @Test
    void close_manyArchives_leavesNoCheckpointThread() {
        List<WalCheckpointer> checkpointers = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            try (Archive archive = Archive.open(folder.resolve("a" + n + ".db"), CLOCK)) {
                store(archive, 0, 1);
                checkpointers.add(archive.walCheckpointer());
            }
        }

        // Each archive's own thread, not every thread of the name: another test class may hold an archive open.
        assertEquals(8, checkpointers.stream().distinct().count());
        assertFalse(checkpointers.stream().anyMatch(WalCheckpointer::running), "every archive's checkpoint thread ended with it");
    }

    @Test
    void openReadOnly_andReadsOfAWritableArchive_startNoCheckpointThread() {
        try (Archive archive = Archive.open(file(), CLOCK)) {
            store(archive, 0, 1);
        }
        try (Archive readOnly = Archive.openReadOnly(file(), CLOCK); Archive writable = Archive.open(file(), CLOCK)) {
            readOnly.read(session -> session.messages().count(CHAT));
            writable.read(session -> session.messages().count(CHAT));

            assertNull(readOnly.walCheckpointer(), "nothing to copy: a read-only archive writes nothing");
            assertNull(writable.walCheckpointer(), "made by the first write");
        }
    }

    @Test
    void checkpoint_thatFails_isCountedAndTriedAgain_andTheThreadGoesOn() throws Exception {
        Path wal = Files.writeString(folder.resolve("grown-wal"), "x".repeat(10_000));
        Jdbi broken = Jdbi.create(() -> {
            throw new SQLException("disk I/O error");
        });
        WalCheckpointer checkpointer = new WalCheckpointer(broken, wal, 1_000, 1_000_000, new ReentrantLock());
        try {
            checkpointer.committed();
            checkpointer.awaitIdle();
            Files.writeString(wal, "x".repeat(20_000));
            checkpointer.committed();
            checkpointer.awaitIdle();

            assertEquals(2, checkpointer.failures(), "each failure is counted (and logged), then tried again");
            assertTrue(checkpointer.running(), "a failed checkpoint does not end the thread");
        } finally {
            checkpointer.close();
        }
        assertFalse(checkpointer.running());
    }

    @Test
    void pagesOfBytes_keepTheLogsBytesBetweenCheckpoints_whateverThePageSize() {
        long background = Archive.BACKGROUND_CHECKPOINT_BYTES;
        long restart = Archive.RESTART_CHECKPOINT_BYTES;
        long cap = Archive.WRITER_AUTOCHECKPOINT_BYTES;
        assertEquals(new WalCheckpointer.Pages(10_000, 50_000, 100_000),
                WalCheckpointer.Pages.ofBytes(background, restart, cap, 4_096), "4 KiB pages: the sizes of session 7");
        for (int pageSize : new int[] {1_024, 4_096, 8_192, 16_384, 65_536}) {
            WalCheckpointer.Pages pages = WalCheckpointer.Pages.ofBytes(background, restart, cap, pageSize);
            long frame = pageSize + 24;
            for (long[] size : new long[][] {{pages.background(), background}, {pages.restart(), restart},
                    {pages.writerCap(), cap}}) {
                long bytes = WalCheckpointer.walBytes((int) size[0], pageSize);
                assertTrue(bytes <= size[1] && bytes > size[1] - frame, pageSize + "-byte pages: " + size[0]
                        + " frames are " + bytes + " bytes of log, not the whole frames in " + size[1]);
            }
        }
        assertEquals(new WalCheckpointer.Pages(1, 1, 2), WalCheckpointer.Pages.ofBytes(10, 10, 10, 65_536),
                "sizes below one frame still give a valid order");
    }

    /**
     * Runs imports past the restart size (60 pages) until the WAL has started over twice, with the writer
     * committing {@code commitsPerRestart} more pages while each restart's checkpoints run (the writer
     * never commits between two checkpoints on its own here: the test waits for the thread after each page).
     */
    private static WalCheckpointer restartsWithCommitsBetweenCheckpoints(Archive archive, boolean everyTime) throws Exception {
        AtomicInteger next = new AtomicInteger(1_000_000);
        AtomicBoolean pending = new AtomicBoolean();
        store(archive, 0, 1);
        WalCheckpointer checkpointer = archive.walCheckpointer();
        checkpointer.betweenRestartCheckpoints(() -> {
            if (everyTime || pending.getAndSet(false)) {
                store(archive, next.getAndAdd(50), 50); // as if the writer had committed while the checkpoint ran
            }
        });
        // 50 messages a commit: as many frames as 25 wrote while the archive held the full-text index (version 9).
        for (int i = 1; i < 40_000 && checkpointer.restarts() < 2; i += 50) {
            pending.set(true);
            store(archive, i, 50);
            checkpointer.awaitIdle();
        }
        return checkpointer;
    }

    @Test
    void restart_copiesWhatTheWriterCommittedMeanwhileWithoutHoldingItOff() throws Exception {
        try (Archive archive = Archive.open(file(), CLOCK, new WalCheckpointer.Pages(20, 60, 1_000_000))) {
            WalCheckpointer checkpointer = restartsWithCommitsBetweenCheckpoints(archive, false);

            assertTrue(checkpointer.restarts() >= 2, "restarts: " + checkpointer.restarts());
            // Each restart found a page committed after its first checkpoint: a second passive checkpoint copied it
            // and the writer was then held off only for one that had nothing left to copy (before session 8 the
            // writer was held for copying that page).
            assertEquals(0, checkpointer.heldFrames(), "frames copied with the writer held off");
            assertEquals(0, checkpointer.failures());
        }
    }

    @Test
    void restart_withTheWriterCommittingThroughout_stillEndsWithTheWriterHeldOff_andTheWalStartsOver() throws Exception {
        try (Archive archive = Archive.open(file(), CLOCK, new WalCheckpointer.Pages(20, 60, 1_000_000))) {
            WalCheckpointer checkpointer = restartsWithCommitsBetweenCheckpoints(archive, true);

            assertTrue(checkpointer.restarts() >= 2, "restarts: " + checkpointer.restarts());
            // The catch-up rounds are bounded (CATCH_UP_ROUNDS): the last copy, with the writer held off, took what
            // it had committed after the last of them, and the whole log was in the file (a restart counts only then).
            assertTrue(checkpointer.heldFrames() > 0, "the writer never stopped: the last copy held it off");
            assertEquals(0, checkpointer.failures());
        }
    }
}

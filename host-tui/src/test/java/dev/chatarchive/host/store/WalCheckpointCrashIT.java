package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed (SIGKILL) while the background checkpoint copies its WAL: every transaction it said
 * was committed is in the archive when it is opened again, each whole, none twice, and the file is
 * intact. The child ({@link WriteUntilKilled}) uses small checkpoint sizes, so that it is killed after
 * several background checkpoints and WAL restarts, in the middle of its next ones.
 */
class WalCheckpointCrashIT {

    @TempDir
    Path folder;

    @Test
    void writerKilledWhileTheBackgroundCheckpointRuns_keepsEveryCommittedPage_wholeAndOnce() throws Exception {
        Path file = folder.resolve("archive.db");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriteUntilKilled.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        int committed = 0;
        long checkpoints = 0;
        long restarts = 0;
        String last = null;
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null) {
                if (!line.startsWith(WriteUntilKilled.COMMITTED)) {
                    continue; // what the child logs
                }
                last = line;
                String[] counts = line.substring(WriteUntilKilled.COMMITTED.length()).split(" ");
                committed = Integer.parseInt(counts[0]);
                checkpoints = Long.parseLong(counts[1]);
                restarts = Long.parseLong(counts[2]);
                if ((checkpoints >= 20 && restarts >= 3) || committed >= 50_000) {
                    break; // the background has checkpointed and restarted the WAL several times (or never will)
                }
            }
            assertNotNull(last, "the writer process never committed");
            assertTrue(checkpoints >= 20 && restarts >= 3, "the background checkpoint did not run: " + last);
            assertTrue(writer.isAlive(), "the writer ended before it could be killed: " + last);
        } finally {
            writer.destroyForcibly(); // SIGKILL: no close, no final checkpoint
            writer.waitFor(30, TimeUnit.SECONDS);
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            long stored = archive.read(session -> session.messages().count(CHAT));
            assertTrue(stored >= committed, "committed " + committed + " messages (" + last + "), found " + stored);
            assertEquals(0, stored % WriteUntilKilled.PAGE, "whole pages only: " + stored);
            long distinct = archive.read(session -> session.handle()
                    .createQuery("SELECT count(DISTINCT id) FROM messages").mapTo(Long.class).one());
            assertEquals(stored, distinct, "no message twice");
            for (long n = 0; n < stored; n += 97) {
                String id = WriteUntilKilled.id((int) n);
                assertTrue(ArchiveFixture.holds(archive, CHAT, id), id + " is missing");
            }
            assertTrue(ArchiveFixture.holds(archive, CHAT, WriteUntilKilled.id((int) stored - 1)));
            assertEquals("ok", archive.read(session -> session.handle().createQuery("PRAGMA integrity_check")
                    .mapTo(String.class).one()));
        }
    }
}

package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per archive, whatever path names it: a real second process holds the archive, and this
 * one tries it through a symlink and through {@code ..}.
 */
class ArchiveLockIT {

    @TempDir
    Path folder;

    @Test
    void open_throughSymlinkOrDotDot_whileAnotherProcessHoldsTheRealPath_isRefusedWithItsPid() throws Exception {
        Path real = folder.resolve("real").resolve("archive.db");
        Files.createDirectories(real.getParent());
        Path link = Files.createSymbolicLink(folder.resolve("link.db"), real);
        Files.createDirectories(folder.resolve("other"));
        Path dotted = folder.resolve("other").resolve("..").resolve("real").resolve("archive.db");
        Process holder = holdOpen(real);
        try {
            for (Path alias : java.util.List.of(link, dotted)) {
                ArchiveInUseException refused = assertThrows(ArchiveInUseException.class, () -> Archive.open(alias, CLOCK),
                        "a second writer was let in through " + alias);
                assertTrue(refused.getMessage().contains("in use by another chat-archive (process " + holder.pid() + ")"),
                        refused.getMessage());
            }
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void open_realPath_whileAnotherProcessHoldsItThroughASymlink_isRefusedWithItsPid() throws Exception {
        Path real = folder.resolve("archive.db");
        Path link = Files.createSymbolicLink(folder.resolve("alias.db"), real);
        Process holder = holdOpen(link);
        try {
            ArchiveInUseException refused = assertThrows(ArchiveInUseException.class, () -> Archive.open(real, CLOCK));
            assertTrue(refused.getMessage().contains("process " + holder.pid()), refused.getMessage());
            assertTrue(Files.exists(folder.resolve("archive.db.lock")), "the lock sits beside the real file");
            assertTrue(!Files.exists(folder.resolve("alias.db.lock")), "no lock named after the link");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A child JVM that opens the archive at {@code file} for writing and keeps it open until killed. */
    private static Process holdOpen(Path file) throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                HoldArchiveOpen.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null && !line.equals(HoldArchiveOpen.READY)) {
            // skip anything the child logs before it holds the archive
        }
        assertEquals(HoldArchiveOpen.READY, line, "the holder process never opened the archive");
        return holder;
    }

}

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
 * one tries it through a symlink, through {@code ..} and through a hard link; a bind mount of the file
 * (in a private user and mount namespace, as {@link dev.chatarchive.host.SmallDisk} makes one) is
 * tried by a third process.
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

    @Test
    void open_throughAHardLinkInAnotherFolder_whileAnotherProcessHoldsTheFile_isRefusedWithItsPid() throws Exception {
        Path real = folder.resolve("real").resolve("archive.db");
        Files.createDirectories(real.getParent());
        Process holder = holdOpen(real);
        try {
            // Another name of the same inode: no path comparison can tell it is the same archive.
            Path hardLink = Files.createLink(Files.createDirectories(folder.resolve("elsewhere")).resolve("same.db"), real);
            ArchiveInUseException refused = assertThrows(ArchiveInUseException.class, () -> Archive.open(hardLink, CLOCK),
                    "a second writer was let in through a hard link");
            assertTrue(refused.getMessage().contains("in use by another chat-archive (process " + holder.pid() + ")"),
                    refused.getMessage());
            assertEquals(java.util.OptionalLong.of(holder.pid()), Archive.liveWriter(hardLink),
                    "status through the hard link does not see the writer");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void open_throughABindMountOfTheFile_whileAnotherProcessHoldsTheFile_isRefusedWithItsPid() throws Exception {
        Path real = folder.resolve("real").resolve("archive.db");
        Files.createDirectories(real.getParent());
        Files.createDirectories(folder.resolve("mounted"));
        Path bound = folder.resolve("mounted").resolve("bound.db");
        Path log = folder.resolve("bind.log");
        String javaCommand = dev.chatarchive.host.SmallDisk.shell(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                HoldArchiveOpen.class.getName()));
        // A private user and mount namespace (no root needed): the archive file bind-mounted under another path.
        // The holder opens the real path; a second process opens the bind mount and must be refused, not hold it.
        String script = "set -u\ncd " + dev.chatarchive.host.SmallDisk.quote(folder.toString()) + "\n"
                + javaCommand + " real/archive.db >holder.out 2>&1 &\nHOLDER=$!\necho \"holder $HOLDER\"\n"
                + "i=0; while ! grep -q " + HoldArchiveOpen.READY + " holder.out; do sleep 0.2; i=$((i+1)); "
                + "[ $i -gt 1500 ] && break; done\n"
                + ": > mounted/bound.db\nmount --bind real/archive.db mounted/bound.db || exit 97\n"
                + javaCommand + " mounted/bound.db >second.out 2>&1 &\nSECOND=$!\n"
                + "i=0; while kill -0 $SECOND 2>/dev/null && ! grep -q " + HoldArchiveOpen.READY + " second.out; do "
                + "sleep 0.2; i=$((i+1)); [ $i -gt 1500 ] && break; done\n"
                + "kill -9 $SECOND $HOLDER 2>/dev/null\nwait\necho finished\n";
        Process shell = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(shell.waitFor(300, TimeUnit.SECONDS), "the bind mount script did not end");
        String output = Files.readString(log);
        assertTrue(shell.exitValue() != 97 && !output.contains("unshare: "), "This test needs a bind mount in a private "
                + "user and mount namespace (unshare --user --map-root-user --mount); this machine refused:\n" + output);
        assertTrue(output.contains("finished"), output);
        java.util.regex.Matcher holder = java.util.regex.Pattern.compile("holder (\\d+)").matcher(output);
        assertTrue(holder.find(), output);
        String second = Files.readString(folder.resolve("second.out"));
        assertTrue(Files.readString(folder.resolve("holder.out")).contains(HoldArchiveOpen.READY), output);
        assertTrue(!second.contains(HoldArchiveOpen.READY), "a second writer was let in through a bind mount:\n" + second);
        assertTrue(second.contains("ArchiveInUseException") && second.contains("in use by another chat-archive (process "
                + holder.group(1) + ")"), second);
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

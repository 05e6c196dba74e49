package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.AppProcess;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} tells what is, not what the archive last recorded: a real sync process is watched
 * while it runs and after it is killed with SIGKILL, and the chat is then resumed by its title.
 */
class TruthfulStatusIT {

    @TempDir
    Path home;

    private AppProcess app() {
        return AppProcess.in(home.resolve("runs")).env("CHAT_ARCHIVE_HOME", home.resolve("data").toString())
                .env("HOME", home.toString());
    }

    private long held() {
        Path file = home.resolve("data").resolve("archive.db");
        if (!Files.exists(file)) {
            return 0;
        }
        try (Archive archive = Archive.openReadOnly(file, Clock.systemUTC())) {
            return archive.read(session -> session.messages().count(PagedPlugin.ALPHA));
        } catch (RuntimeException notReadyYet) {
            return 0;
        }
    }

    @Test
    void status_whileASyncRunsAndAfterItIsKilled_saysWhatIsTrue_andTheTitleResumesIt() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("data"));
        PagedPlugin.writeTo(plugins);
        // The sync stores its first page, then waits while the hold file exists: it runs for as long as the test needs.
        Path hold = Files.createFile(home.resolve("hold"));
        Files.writeString(home.resolve("data").resolve("config.properties"), "paged.size=400\npaged.hold.file="
                + hold.toString().replace("\\", "\\\\") + "\n");

        AppProcess.Started sync = app().start("sync", PagedPlugin.ALPHA, "--plugins-dir", plugins.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (held() < 25 && sync.process().isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the sync stored nothing within five minutes");
            Thread.sleep(50);
        }
        assertTrue(sync.process().isAlive(), "the sync ended before it could be watched");

        // while it runs: the archive says syncing, and a process holds it
        AppProcess.Result running = app().run("status", "--plugins-dir", plugins.toString());
        assertEquals(ExitCodes.OK, running.exitCode(), running.both());
        assertTrue(running.out().startsWith("Syncing now"), running.both());
        assertTrue(running.out().contains("in chat-archive process " + sync.process().pid()), running.both());

        sync.process().destroyForcibly(); // SIGKILL: the checkpoint stays in_progress in the archive
        assertTrue(sync.process().waitFor(30, TimeUnit.SECONDS));

        AppProcess.Result killed = app().run("status", "--plugins-dir", plugins.toString());
        assertEquals(ExitCodes.OK, killed.exitCode(), killed.both());
        assertFalse(killed.out().contains("Syncing now"), killed.both());
        assertTrue(killed.out().startsWith("Not syncing: the sync of Alpha was interrupted (chat-archive stopped while it "
                + "ran, and no chat-archive is running now); resume with: chat-archive sync Alpha --resume --plugins-dir "
                + RootCommand.shellWord(plugins.toAbsolutePath().normalize().toString()) + "."), killed.both());
        assertTrue(killed.out().contains("Alpha  interrupted (chat-archive stopped while it ran)"), killed.both());

        AppProcess.Result json = app().run("status", "--json", "--plugins-dir", plugins.toString());
        assertTrue(json.out().contains("\"is_syncing\":false"), json.both());
        assertTrue(json.out().contains("\"writer\":{\"running\":false,\"pid\":null}"), json.both());
        assertTrue(json.out().contains("\"status\":\"interrupted\",\"stop_reason\":\"crashed\",\"recorded_status\":\"in_progress\""),
                json.both());

        Files.writeString(home.resolve("data").resolve("config.properties"), "paged.size=400\n");
        AppProcess.Result resumed = app().run("sync", "Alpha", "--resume", "--plugins-dir", plugins.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.both());
        try (Archive archive = Archive.openReadOnly(home.resolve("data").resolve("archive.db"), Clock.systemUTC())) {
            assertEquals(SyncState.COMPLETED, archive.read(session -> session.checkpoints().find(PagedPlugin.ALPHA))
                    .orElseThrow().status());
            assertEquals(400L, (long) archive.read(session -> session.messages().count(PagedPlugin.ALPHA)));
        }
    }
}

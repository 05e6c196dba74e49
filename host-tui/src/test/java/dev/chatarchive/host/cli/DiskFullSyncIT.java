package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.AppProcess;
import dev.chatarchive.host.SmallDisk;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.Archive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up while a real {@code chat-archive sync} process pages a real plugin into an
 * archive on it (a tmpfs of a few hundred KB, {@link SmallDisk}): the run says the disk is full,
 * which disk, how much it stored and the exact command that resumes; the stop is recorded as
 * interrupted ({@code disk_full}), not crashed; {@code status} says so; and once the disk has room
 * (the tmpfs is made bigger), that very command completes the chat with nothing lost or doubled. An
 * import that fills the disk says the same and prints the import to run again, which finishes it.
 */
class DiskFullSyncIT {

    private static final int SIZE = 10_000;

    @TempDir
    Path home;

    private AppProcess app() {
        return AppProcess.in(home.resolve("runs")).env("CHAT_ARCHIVE_HOME", home.resolve("data").toString())
                .env("HOME", home.toString());
    }

    @Test
    void sync_thatFillsTheDisk_saysSoWithTheDiskTheCountAndTheResumeCommand_andThatCommandCompletesIt() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        PagedPlugin.writeTo(plugins);
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data").resolve("config.properties"), "paged.size=" + SIZE + "\n");
        Path disk = home.resolve("disk");
        Path archive = disk.resolve("archive.db");
        String app = "chat_archive";
        String where = " --archive " + SmallDisk.quote(archive.toString()) + " --plugins-dir " + SmallDisk.quote(plugins.toString());
        String script = "export CHAT_ARCHIVE_HOME=" + SmallDisk.quote(home.resolve("data").toString())
                + "\nexport HOME=" + SmallDisk.quote(home.toString()) + "\ncd " + SmallDisk.quote(home.toString()) + "\n"
                + app + "() { " + SmallDisk.shell(app().command()) + " \"$@\"; }\n"
                + app + " sync " + PagedPlugin.ALPHA + where + " </dev/null >sync.out 2>sync.err\necho \"exit $?\" >sync.code\n"
                + app + " status" + where + " </dev/null >status.out 2>&1\n"
                + app + " status --json" + where + " </dev/null >status.json 2>&1\n"
                // Room again (the same tmpfs, made bigger), then the command the run printed, as printed. Room
                // means the archive plus the writer's write-ahead log, which may reach about 40 MB while pages
                // are stored (Archive.BACKGROUND_CHECKPOINT_BYTES) before the background checkpoint copies it.
                + "mount -o remount,size=64m tmpfs \"$DISK\" || exit 96\n"
                + "RESUME=$(sed -n 's/.*resume with: chat-archive //p' sync.out | head -n 1)\n"
                + "echo \"resume: $RESUME\"\n"
                + "[ -n \"$RESUME\" ] && eval \"" + app + " $RESUME\" </dev/null >resume.out 2>resume.err\n"
                + "echo \"exit $?\" >resume.code\n"
                + "mkdir -p after && cp \"$DISK\"/archive.db* after/\n"
                + "echo finished\n";

        // 1280k: an empty archive of 8 KiB pages (240 KB), the room it keeps for recording the stop
        // (DiskReserve, 160 KB), and a few pages of messages in the WAL before the disk is full.
        SmallDisk.run(disk, "1280k", script, home.resolve("disk.log"), 900);

        SmallDisk.assertFinished(home.resolve("disk.log"), "finished");
        String out = read("sync.out");
        String all = "--- sync.out\n" + out + "--- sync.err\n" + read("sync.err") + "--- disk.log\n" + read("disk.log");
        assertEquals("exit 1", read("sync.code").strip(), all);
        assertFalse(all.contains("unexpected error"), all);
        assertFalse(all.contains("DiskFullException"), all);
        assertTrue(out.contains("because the disk is full"), all);
        assertTrue(out.contains("the disk " + disk), "the sentence does not name the disk:\n" + all);
        Matcher stored = Pattern.compile("after storing (\\d+) new messages").matcher(out);
        assertTrue(stored.find(), all);
        long storedInRun = Long.parseLong(stored.group(1));
        assertTrue(storedInRun > 0 && storedInRun < SIZE, "the disk should fill part way through:\n" + all);
        assertTrue(out.contains("resume with: chat-archive sync Alpha --resume --archive " + archive + " --plugins-dir "
                + plugins), all);

        String status = read("status.out");
        assertTrue(status.contains("Alpha  interrupted (disk full)"), status);
        assertFalse(status.contains("crashed") || status.contains("stopped while it ran"), status);
        String json = read("status.json");
        assertTrue(json.contains("\"status\":\"interrupted\",\"stop_reason\":\"disk_full\",\"recorded_status\":\"interrupted\""),
                json);

        assertEquals("exit 0", read("resume.code").strip(), read("resume.out") + read("resume.err") + read("disk.log"));
        assertTrue(read("resume.out").contains("its history is complete"), read("resume.out"));
        try (Archive after = Archive.openReadOnly(home.resolve("after").resolve("archive.db"), Clock.systemUTC())) {
            assertEquals(SyncState.COMPLETED, after.read(session -> session.checkpoints().find(PagedPlugin.ALPHA))
                    .orElseThrow().status());
            assertEquals((long) SIZE, (long) after.read(session -> session.messages().count(PagedPlugin.ALPHA)),
                    "every message once: nothing lost, nothing doubled");
        }
        Matcher resumed = Pattern.compile("Stored (\\d+) new messages").matcher(read("resume.out"));
        assertTrue(resumed.find(), read("resume.out"));
        assertEquals(SIZE - storedInRun, Long.parseLong(resumed.group(1)),
                "the resumed run stored exactly what the full disk had kept out: what the first run said it stored was kept");
    }

    @Test
    void import_thatFillsTheDisk_saysSoAndTheSameImportAgainGoesOnToTheEnd() throws Exception {
        Path plugins = Path.of(System.getProperty("chatarchive.plugins.dir"));
        Files.createDirectories(home.resolve("data"));
        int lines = 12_000;
        StringBuilder export = new StringBuilder();
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2023, 1, 1, 8, 0);
        for (int i = 0; i < lines; i++) {
            java.time.LocalDateTime at = start.plusMinutes(i);
            export.append(String.format("%02d/%02d/%04d, %02d:%02d - %s: message %d of a long conversation about the disk%n",
                    at.getDayOfMonth(), at.getMonthValue(), at.getYear(), at.getHour(), at.getMinute(),
                    i % 2 == 0 ? "Dana Full" : "Sam Carter", i));
        }
        Path chat = home.resolve("WhatsApp Chat with Dana Full.txt");
        Files.writeString(chat, export, StandardCharsets.UTF_8);
        Path disk = home.resolve("disk");
        Path archive = disk.resolve("archive.db");
        String app = "chat_archive";
        String where = " --archive " + SmallDisk.quote(archive.toString()) + " --plugins-dir " + SmallDisk.quote(plugins.toString());
        String script = "export CHAT_ARCHIVE_HOME=" + SmallDisk.quote(home.resolve("data").toString())
                + "\nexport HOME=" + SmallDisk.quote(home.toString()) + "\ncd " + SmallDisk.quote(home.toString()) + "\n"
                + app + "() { " + SmallDisk.shell(app().command()) + " \"$@\"; }\n"
                + app + " import " + SmallDisk.quote(chat.toString()) + where + " </dev/null >import.out 2>import.err\n"
                + "echo \"exit $?\" >import.code\n"
                + app + " status --json" + where + " </dev/null >status.json 2>&1\n"
                + "mount -o remount,size=64m tmpfs \"$DISK\" || exit 96\n"
                + "AGAIN=$(sed -n 's/.*it goes on where it stopped: chat-archive //p' import.out | head -n 1)\n"
                + "echo \"again: $AGAIN\"\n"
                + "[ -n \"$AGAIN\" ] && eval \"" + app + " $AGAIN\" </dev/null >again.out 2>again.err\n"
                + "echo \"exit $?\" >again.code\n"
                + "mkdir -p after && cp \"$DISK\"/archive.db* after/\n"
                + "echo finished\n";

        SmallDisk.run(disk, "1536k", script, home.resolve("disk.log"), 900);

        SmallDisk.assertFinished(home.resolve("disk.log"), "finished");
        String out = read("import.out");
        String all = "--- import.out\n" + out + "--- import.err\n" + read("import.err") + "--- disk.log\n" + read("disk.log");
        assertEquals("exit 1", read("import.code").strip(), all);
        assertFalse(all.contains("unexpected error") || all.contains("DiskFullException"), all);
        assertTrue(out.contains("The sync of Dana Full stopped because the disk is full (the disk " + disk), all);
        Matcher stored = Pattern.compile("after storing (\\d+) new messages").matcher(out);
        assertTrue(stored.find(), all);
        long storedInRun = Long.parseLong(stored.group(1));
        // Exports are paged thousands of messages at a time, so the disk may fill on the first page (0 stored);
        // the sync test above, with pages of 25, shows a run that stored part of the chat.
        assertTrue(storedInRun >= 0 && storedInRun < lines, "the disk should fill part way through:\n" + all);
        assertTrue(out.contains("then run the import again; it goes on where it stopped: chat-archive import "
                + SmallDisk.quote(chat.toString()) + " --archive " + archive + " --plugins-dir " + plugins), all);
        assertTrue(read("status.json").contains("\"stop_reason\":\"disk_full\""), read("status.json"));

        assertEquals("exit 0", read("again.code").strip(), read("again.out") + read("again.err") + read("disk.log"));
        try (Archive after = Archive.openReadOnly(home.resolve("after").resolve("archive.db"), Clock.systemUTC())) {
            String chatId = after.read(session -> session.chats().list()).get(0).chatId();
            assertEquals(SyncState.COMPLETED, after.read(session -> session.checkpoints().find(chatId)).orElseThrow().status());
            assertEquals((long) lines, (long) after.read(session -> session.messages().count(chatId)),
                    "every message of the export once: nothing lost, nothing doubled");
        }
    }

    private String read(String name) throws Exception {
        Path file = home.resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}

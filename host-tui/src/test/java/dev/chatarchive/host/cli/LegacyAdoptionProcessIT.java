package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.AppProcess;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.SmallDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baileys-bridge databases met by the real {@code chat-archive} process: a read command adopts one and
 * says so; an adoption killed with SIGKILL, or refused because the disk is full, leaves the file byte
 * for byte as it was.
 */
class LegacyAdoptionProcessIT {

    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final String GROUP = "120363000000000009@g.us";

    @TempDir
    Path home;

    private AppProcess app() {
        return AppProcess.in(home.resolve("runs")).env("CHAT_ARCHIVE_HOME", home.resolve("data").toString())
                .env("HOME", home.toString());
    }

    /** A bridge database in the bridge's own shape: {@code rows} messages, half of them in a group. */
    private static void bridge(Path file, int rows) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE chats (jid TEXT PRIMARY KEY, name TEXT, last_message_time TEXT)");
            statement.execute("CREATE TABLE messages (id TEXT, chat_jid TEXT, sender TEXT, content TEXT, timestamp TEXT, "
                    + "is_from_me INTEGER)");
            statement.execute("CREATE TABLE sync_status (id INTEGER PRIMARY KEY CHECK(id = 1), is_syncing INTEGER, "
                    + "last_sync_time TEXT, messages_synced INTEGER, progress_percent INTEGER, is_latest INTEGER)");
            statement.execute("INSERT INTO sync_status VALUES (1, 0, NULL, " + rows + ", NULL, 0)");
            statement.execute("INSERT INTO chats VALUES ('" + ALICE + "', 'Alice', NULL), ('" + GROUP + "', 'Family', NULL)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages VALUES (?, ?, ?, ?, ?, 0)")) {
                for (int i = 0; i < rows; i++) {
                    String chat = i % 2 == 0 ? ALICE : GROUP;
                    insert.setString(1, "M" + i);
                    insert.setString(2, chat);
                    insert.setString(3, chat);
                    insert.setString(4, "message " + i + " of a bridge that ran for a long time");
                    insert.setLong(5, 1_700_000_000L + i);
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                    }
                }
                insert.setString(1, null);
                insert.setString(2, ALICE);
                insert.setString(3, ALICE);
                insert.setString(4, "a row the old bridge wrote without an id");
                insert.setLong(5, 1_700_000_000L);
                insert.addBatch();
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    private static List<String> besides(Path file) throws Exception {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(file.getFileName().toString())).sorted().toList();
        }
    }

    @Test
    void chats_onABridgeDatabase_adoptsItSayingSoAndLists() throws Exception {
        Path file = home.resolve("bridge.db");
        bridge(file, 10);

        AppProcess.Result result = app().run("chats", "--archive", file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result.both());
        assertTrue(result.err().contains("Adopted the baileys-bridge database " + file), result.both());
        assertTrue(result.err().contains("10 messages kept"), result.both());
        assertTrue(result.err().contains("1 row that break"), result.both());
        assertTrue(result.err().contains("1 no message id"), result.both());
        assertTrue(result.out().contains("Alice") && result.out().contains("Family"), result.both());
        AppProcess.Result again = app().run("status", "--archive", file.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again.both());
        assertFalse(again.err().contains("Adopted"), "adopted once only: " + again.both());
    }

    @Test
    void adoptionKilledMidway_leavesTheFileExactlyAsItWas_andTheNextRunAdoptsIt() throws Exception {
        Path file = home.resolve("bridge.db");
        bridge(file, 100_000);
        byte[] before = Files.readAllBytes(file);
        List<String> filesBefore = besides(file);

        AppProcess.Started adopting = app().start("chats", "--archive", file.toString());
        Path work = file.resolveSibling("bridge.db.adopting");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(work) && adopting.process().isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the adoption did not start within five minutes");
            Thread.sleep(5);
        }
        assertTrue(adopting.process().isAlive(), "the adoption ended before it could be killed: " + adopting.outSoFar());
        adopting.process().destroyForcibly(); // SIGKILL, in the middle of copying or converting
        assertTrue(adopting.process().waitFor(30, TimeUnit.SECONDS));

        assertArrayEquals(before, Files.readAllBytes(file), "a killed adoption changed the bridge database");
        List<String> left = besides(file).stream().filter(name -> !name.endsWith(".adopting")
                && !name.endsWith(".adopting-journal") && !name.endsWith(".lock")).toList();
        assertEquals(filesBefore, left, "a killed adoption left files beside the bridge database");

        AppProcess.Result next = app().run("chats", "--archive", file.toString());
        assertEquals(ExitCodes.OK, next.exitCode(), next.both());
        assertTrue(next.err().contains("100000 messages kept"), next.both());
        assertFalse(Files.exists(work), "the killed run's copy was not cleared away");
    }

    @Test
    void adoptionOnAFullDisk_isRefusedSayingSoAndLeavesTheFileExactlyAsItWas() throws Exception {
        Path original = home.resolve("bridge.db");
        bridge(original, 6_000);
        byte[] before = Files.readAllBytes(original);
        Path disk = home.resolve("disk");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        Path copyBack = home.resolve("after.db");
        Path listing = home.resolve("listing.txt");
        // A disk with room for the bridge database, but not for the converted copy beside it.
        String size = (before.length / 1024 + 150) + "k";
        String script = "cp " + SmallDisk.quote(original.toString()) + " \"$DISK/bridge.db\"\n"
                + SmallDisk.shell(app().command("chats", "--archive", disk.resolve("bridge.db").toString()))
                + " </dev/null >" + SmallDisk.quote(out.toString()) + " 2>" + SmallDisk.quote(err.toString())
                + "\necho \"exit $?\" >>" + SmallDisk.quote(out.toString()) + "\n"
                + "cp \"$DISK/bridge.db\" " + SmallDisk.quote(copyBack.toString()) + "\n"
                + "ls -a \"$DISK\" > " + SmallDisk.quote(listing.toString()) + "\necho finished\n";

        SmallDisk.run(disk, size, withEnvironment(script), home.resolve("disk.log"));

        SmallDisk.assertFinished(home.resolve("disk.log"), "finished");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(stdout.contains("exit " + ExitCodes.FAILURE), stdout + stderr);
        assertTrue(stderr.contains("The disk is full"), stderr);
        assertTrue(stderr.contains("The file was not changed."), stderr);
        assertArrayEquals(before, Files.readAllBytes(copyBack), "a refused adoption changed the bridge database");
        String files = Files.readString(listing, StandardCharsets.UTF_8);
        assertFalse(files.contains("bridge.db.adopting"), files);
        assertFalse(files.contains("bridge.db-wal"), files);
    }

    private String withEnvironment(String script) {
        return "export CHAT_ARCHIVE_HOME=" + SmallDisk.quote(home.resolve("data").toString()) + "\nexport HOME="
                + SmallDisk.quote(home.toString()) + "\n" + script;
    }
}

package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.AppProcess;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.store.Archive;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code chat-archive} process against files that are not a healthy archive: someone
 * else's SQLite database is refused with a sentence and left byte for byte as it was; a damaged
 * archive gets advice about damage ({@code PRAGMA integrity_check}), not about permissions.
 */
class ArchiveFileProcessIT {

    private static final String ALICE = "31611111111@s.whatsapp.net";

    @TempDir
    Path home;

    private AppProcess app() {
        return AppProcess.in(home.resolve("runs")).env("CHAT_ARCHIVE_HOME", home.resolve("data").toString())
                .env("HOME", home.toString());
    }

    @Test
    void commands_onSomeoneElsesDatabaseWithUserVersion1_refuseWithASentenceAndLeaveItByteIdentical() throws Exception {
        Path file = home.resolve("invoices.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE invoices (number INTEGER, amount TEXT)");
            statement.execute("INSERT INTO invoices VALUES (1, '12.50')");
            statement.execute("PRAGMA user_version = 1");
        }
        byte[] before = Files.readAllBytes(file);

        for (String command : List.of("status", "sync")) {
            AppProcess.Result result = command.equals("sync")
                    ? app().run("sync", "--all", "--archive", file.toString())
                    : app().run(command, "--archive", file.toString());
            assertEquals(ExitCodes.FAILURE, result.exitCode(), result.both());
            assertTrue(result.err().contains("not a chat-archive archive"), result.both());
            assertTrue(result.err().contains("The file was not changed."), result.both());
            assertFalse(result.err().contains("unexpectedly"), result.both());
            assertArrayEquals(before, Files.readAllBytes(file), command + " changed the foreign file");
            assertFalse(Files.exists(Path.of(file + "-wal")), command + " left a -wal file");
            assertFalse(Files.exists(Path.of(file + "-shm")), command + " left a -shm file");
        }
    }

    @Test
    void commands_onADamagedArchive_adviseIntegrityCheckNotPermissions() throws Exception {
        Path file = home.resolve("damaged.db");
        try (Archive archive = Archive.open(file, Clock.systemUTC())) {
            archive.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription(ALICE, "Alice", false, null, null));
                List<HistoricalMessage> messages = new ArrayList<>();
                for (int i = 0; i < 3000; i++) {
                    messages.add(HistoricalMessage.text("m" + i, ALICE, ALICE, "message number " + i + " with some text",
                            Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i), false));
                }
                session.messages().insertIfAbsent("whatsapp", messages);
                return null;
            });
        }
        // Garbage over every page but the first (the schema), as a failing disk or a bad copy leaves it.
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] garbage = new byte[512];
            java.util.Arrays.fill(garbage, (byte) 0xA5);
            for (long offset = 4096; offset + garbage.length <= raw.length(); offset += 4096) {
                raw.seek(offset);
                raw.write(garbage);
            }
        }

        for (List<String> command : List.of(List.of("chats"), List.of("messages", ALICE))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--archive", file.toString()));
            AppProcess.Result result = app().run(args.toArray(String[]::new));
            assertEquals(ExitCodes.FAILURE, result.exitCode(), result.both());
            assertTrue(result.err().contains("is damaged"), result.both());
            assertTrue(result.err().contains("PRAGMA integrity_check"), result.both());
            assertFalse(result.err().contains("readable and writable"), result.both());
            assertFalse(result.err().contains("unexpectedly"), result.both());
        }
    }
}

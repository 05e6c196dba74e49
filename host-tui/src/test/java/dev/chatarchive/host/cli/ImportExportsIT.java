package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ChatRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat-archive import} of WhatsApp exports, with the real plugin jar and a real archive: a big
 * export succeeds with exit code 0, a true tie of dates is refused with the option that settles it,
 * what could not be kept is printed under the file, and one file imported in four separate processes
 * is one chat.
 */
class ImportExportsIT {

    @TempDir
    Path home;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private Path data() {
        return home.resolve("data");
    }

    @BeforeEach
    void configure() throws Exception {
        Files.createDirectories(data());
        Files.writeString(data().resolve("config.properties"), "whatsapp.exports.timezone=UTC\n");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", data().toString()), home,
                home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        String[] withPlugins = Stream.concat(Stream.of(args),
                Stream.of("--plugins-dir", System.getProperty("chatarchive.plugins.dir"))).toArray(String[]::new);
        return app.run(withPlugins);
    }

    private List<ChatRecord> chats() {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(session -> session.chats().list());
        }
    }

    @Test
    void import_exportOfMoreThanTenThousandMessages_isCompleteWithExitCodeZero() throws Exception {
        StringBuilder text = new StringBuilder();
        LocalDateTime time = LocalDateTime.parse("2023-01-01T08:00");
        for (int i = 0; i < 10_001; i++) {
            LocalDateTime at = time.plusMinutes(i);
            text.append(String.format("%02d/%02d/%d, %02d:%02d - %s: message %d%n", at.getDayOfMonth(),
                    at.getMonthValue(), at.getYear(), at.getHour(), at.getMinute(), i % 2 == 0 ? "Ann" : "Bob", i));
        }
        Path file = Files.writeString(home.resolve("WhatsApp Chat with Ann.txt"), text, StandardCharsets.UTF_8);

        int code = run("import", file.toString());

        assertEquals(ExitCodes.OK, code, out + "\n" + err);
        assertTrue(out.toString().contains("Imported 1 of 1 file completely (1 chat)."), out.toString());
        assertEquals(10_001, chats().get(0).messageCount());
    }

    /** A one-day English chat: nothing tells 12/9/20 apart. */
    private static final String TIE = """
            12/9/20, 10:00 - Sam: hi
            12/9/20, 10:01 - Kim: hello
            """;

    @Test
    void import_trueTieOfDates_isRefusedNamingTheOption_andTheOptionImportsIt() throws Exception {
        Path file = Files.writeString(home.resolve("WhatsApp Chat with Sam.txt"), TIE, StandardCharsets.UTF_8);

        int refused = run("import", file.toString());

        assertEquals(ExitCodes.FAILURE, refused);
        assertTrue(out.toString().contains("import it with --date-order day-month-year"), out.toString());
        assertTrue(out.toString().contains(file.toAbsolutePath() + ".properties"), out.toString());

        int imported = run("import", "--date-order", "day-month-year", file.toString());

        assertEquals(ExitCodes.OK, imported, out + "\n" + err);
        assertEquals(2, chats().get(0).messageCount());
        // Remembered for the file: importing it again needs no option.
        assertEquals(ExitCodes.OK, run("import", file.toString()), out.toString());
    }

    @Test
    void import_fileWithUnreadableLinesAndFutureMessages_printsWhatItCouldNotKeepUnderTheFile() throws Exception {
        Path file = Files.writeString(home.resolve("WhatsApp Chat with Ann.txt"), """
                12/03/2022, 10:00 - Ann: a list
                31/02/2022, 10:00 - Ann: not a day
                13/03/2022, 10:00 - Bob: ok
                15/03/2091, 10:00 - Ann: from a phone whose clock was far ahead
                """, StandardCharsets.UTF_8);

        int code = run("import", file.toString());

        String text = out.toString();
        assertTrue(text.contains("1 line starts like a message but with a date or time that does not exist (line 2)"),
                text);
        assertTrue(text.contains("1 message is dated after this computer's clock by more than 27 hours (the first on"
                + " line 4, 2091-03-15 10:00)"), text);
        assertTrue(text.contains("1 message skipped as invalid"), text);
        assertEquals(ExitCodes.OK, code, text + err);
        assertEquals(2, chats().get(0).messageCount());
    }

    @Test
    void import_sameFileInFourSeparateProcesses_isOneChat() throws Exception {
        // No chat name in the file's name, two authors, nobody known as the user: the case whose chat
        // the first version took from a hash map's order, which differs from process to process.
        Path file = Files.writeString(home.resolve("chat.txt"), """
                12/03/2022, 10:00 - Zoë Quinn: hi
                12/03/2022, 10:01 - Abel Moss: hello
                13/03/2022, 09:00 - Zoë Quinn: coffee?
                """, StandardCharsets.UTF_8);
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            outputs.add(runInOwnProcess("import", file.toString()));
        }

        List<ChatRecord> chats = chats();
        assertEquals(1, chats.size(), outputs.toString());
        assertEquals("Abel Moss & Zoë Quinn", chats.get(0).title());
        assertEquals(3, chats.get(0).messageCount());
    }

    private String runInOwnProcess(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.chatarchive.host.app.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", data().toString(), "--plugins-dir",
                System.getProperty("chatarchive.plugins.dir")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the import ended");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}

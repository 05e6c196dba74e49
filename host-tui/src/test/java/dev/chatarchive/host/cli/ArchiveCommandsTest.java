package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.SourceImporter;
import dev.chatarchive.host.UserInterface;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that read the archive, run in-process on a real SQLite archive in a temp folder. */
class ArchiveCommandsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final String BOOK_CLUB = "120363000000000001@g.us";

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<List<Path>> imports = new CopyOnWriteArrayList<>();

    private Path dataDirectory() {
        return home.resolve("data");
    }

    private Path archiveFile() {
        return dataDirectory().resolve("archive.db");
    }

    private int run(UserInterface ui, String... args) {
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", dataDirectory().toString()),
                home, home.resolve("app"));
        SourceImporter recordingImporter = (host, sources) -> imports.add(sources);
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, CLOCK, CallTimeouts.DEFAULT, false),
                ui, recordingImporter, new PrintWriter(out, true), new PrintWriter(err, true));
        return app.run(args);
    }

    private int run(String... args) {
        return run(host -> {
            throw new AssertionError("the UI must not open for a subcommand");
        }, args);
    }

    private static HistoricalMessage message(String chat, String id, String instant, String sender, String content) {
        return HistoricalMessage.text(id, chat, sender, content, Instant.parse(instant), false);
    }

    private void archiveTwoChats() {
        try (Archive archive = Archive.open(archiveFile(), CLOCK)) {
            archive.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription(ALICE, "Alice Martin", false, null, null));
                session.chats().upsert("whatsapp", new ChatDescription(BOOK_CLUB, "Book Club \u001b[31mred", true, null, null));
                List<HistoricalMessage> messages = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    messages.add(message(ALICE, "a" + i, "2024-01-01T10:%02d:00Z".formatted(i), ALICE, "message " + i));
                }
                messages.add(message(BOOK_CLUB, "b1", "2024-02-01T09:00:00Z", "31633333333@s.whatsapp.net",
                        "first line\nsecond \u001b[2J line\u0007"));
                session.messages().insertIfAbsent("whatsapp", messages);
                return null;
            });
        }
    }

    @Test
    void chats_listsTitleIdProviderCountAndLastActivity_newestFirst() {
        archiveTwoChats();

        int code = run("chats");

        assertEquals(ExitCodes.OK, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).matches("TITLE +CHAT ID +PROVIDER +MESSAGES +LAST ACTIVITY"), lines.get(0));
        assertTrue(lines.get(1).matches("Book Club \u241b\\[31mred +" + BOOK_CLUB + " +whatsapp +1 +2024-02-01 09:00"), lines.get(1));
        assertTrue(lines.get(2).matches("Alice Martin +" + ALICE + " +whatsapp +30 +2024-01-01 10:30"), lines.get(2));
        assertTrue(out.toString().contains("2 chats."), out.toString());
        assertFalse(out.toString().contains("\u001b"), "an escape character reached the terminal");
    }

    @Test
    void chats_onAnEmptyArchive_saysSo() {
        try (Archive archive = Archive.open(archiveFile(), CLOCK)) {
            archive.read(session -> session.chats().list());
        }

        int code = run("chats");

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals("No chats archived yet in " + archiveFile() + ".", out.toString().strip());
    }

    @Test
    void chats_withNoArchiveYet_isNotFoundWithASentence() {
        int code = run("chats");

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertTrue(err.toString().startsWith("There is no archive at " + archiveFile() + " yet."), err.toString());
        assertFalse(Files.exists(archiveFile()), "listing chats must not create an archive");
    }

    @Test
    void chats_onAFileThatIsNotAnArchive_failsWithASentence() throws Exception {
        Files.createDirectories(dataDirectory());
        Files.writeString(archiveFile(), "this is not a database, just some text that is long enough to be read");

        int code = run("chats");

        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(err.toString().contains(archiveFile().toString()), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void chats_worksWhileAnotherProcessHasTheArchiveOpenForWriting() {
        archiveTwoChats();
        try (Archive writer = Archive.open(archiveFile(), CLOCK)) {
            int code = run("chats");

            assertEquals(ExitCodes.OK, code, err.toString());
            assertTrue(out.toString().contains("Alice Martin"), out.toString());
        }
    }

    @Test
    void messages_printsTheNewestOldestFirst_upToTheLimit() {
        archiveTwoChats();

        int code = run("messages", ALICE, "--limit", "3");

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals(List.of(
                "Alice Martin (" + ALICE + "): the newest 3 of 30 messages.",
                "2024-01-01 10:28  " + ALICE + ": message 28",
                "2024-01-01 10:29  " + ALICE + ": message 29",
                "2024-01-01 10:30  " + ALICE + ": message 30"), out.toString().lines().toList());
    }

    @Test
    void messages_defaultsToTwenty() {
        archiveTwoChats();

        run("messages", ALICE);

        assertEquals(21, out.toString().lines().count(), out.toString());
    }

    @Test
    void messages_makesUntrustedTextSafe_andIndentsLaterLines() {
        archiveTwoChats();

        int code = run("messages", BOOK_CLUB);

        assertEquals(ExitCodes.OK, code, err.toString());
        assertFalse(out.toString().contains("\u001b"), "an escape character reached the terminal");
        assertFalse(out.toString().contains("\u0007"), "a bell reached the terminal");
        List<String> lines = out.toString().lines().toList();
        assertEquals("2024-02-01 09:00  31633333333@s.whatsapp.net: first line", lines.get(1));
        assertEquals(" ".repeat(18) + "second \u241b[2J line\u2407", lines.get(2));
    }

    @Test
    void messages_ofAnUnknownChat_isNotFoundWithAHint() {
        archiveTwoChats();

        int code = run("messages", "nobody@s.whatsapp.net");

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertEquals("There is no chat 'nobody@s.whatsapp.net' in the archive. Run 'chat-archive chats' to see the chats' "
                + "titles and ids.", err.toString().strip());
    }

    @Test
    void messages_ofAChatNamedByItsUniqueTitle_printsThatChat() {
        archiveTwoChats();

        int code = run("messages", "alice martin", "--limit", "1");

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals("Alice Martin (" + ALICE + "): the newest 1 of 30 messages.", out.toString().lines().findFirst().orElseThrow());
    }

    @Test
    void messages_ofATitleTwoChatsShare_isAUsageErrorListingTheirIds() {
        archiveTwoChats();
        try (Archive archive = Archive.open(archiveFile(), CLOCK)) {
            archive.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription("31699999999@s.whatsapp.net", "Alice Martin", false,
                        null, null));
                return null;
            });
        }

        int code = run("messages", "Alice Martin");

        assertEquals(ExitCodes.USAGE, code);
        assertEquals("2 chats are called 'Alice Martin': " + ALICE + ", 31699999999@s.whatsapp.net. Name one by its id.",
                err.toString().strip());
    }

    @Test
    void messages_withALimitOutOfRange_isAUsageError() {
        archiveTwoChats();

        int code = run("messages", ALICE, "--limit", "0");

        assertEquals(ExitCodes.USAGE, code);
        assertEquals("--limit must be between 1 and 10000, not 0.", err.toString().strip());
    }

    @Test
    void messages_withALimitThatIsNotANumber_isAUsageError() {
        int code = run("messages", ALICE, "--limit", "lots");

        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().startsWith("Invalid value for option '--limit': 'lots' is not an int"), err.toString());
    }

    @Test
    void messages_withoutAChat_isAUsageError() {
        int code = run("messages");

        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("CHAT"), err.toString());
    }

    @Test
    void ui_onAnArchiveInUse_isRefusedBeforeTheScreenOpens() {
        archiveTwoChats();
        try (Archive writer = Archive.open(archiveFile(), CLOCK)) {
            int code = run(host -> {
                throw new AssertionError("the UI must not open on an archive in use");
            });

            assertEquals(ExitCodes.ARCHIVE_IN_USE, code);
            assertTrue(err.toString().startsWith("The archive " + archiveFile() + " is in use"), err.toString());
        }
    }

    @Test
    void firstRun_importsTheSamplesIntoTheNewDefaultArchive_once() throws Exception {
        Path samples = Files.createDirectories(home.resolve("app").resolve("samples"));
        Files.writeString(samples.resolve("WhatsApp Chat with Bob.txt"), "x");
        Files.writeString(samples.resolve("WhatsApp Chat - Club.zip"), "x");

        run(host -> ExitCodes.OK);
        run(host -> ExitCodes.OK);

        assertEquals(List.of(List.of(samples.resolve("WhatsApp Chat - Club.zip"), samples.resolve("WhatsApp Chat with Bob.txt"))),
                imports);
        assertTrue(Files.exists(archiveFile()));
    }

    @Test
    void firstRun_withAnArchiveTheUserNamed_importsNothing() throws Exception {
        Path samples = Files.createDirectories(home.resolve("app").resolve("samples"));
        Files.writeString(samples.resolve("WhatsApp Chat with Bob.txt"), "x");

        int code = run(host -> ExitCodes.OK, "--archive", home.resolve("mine.db").toString());

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals(List.of(), imports);
    }
}

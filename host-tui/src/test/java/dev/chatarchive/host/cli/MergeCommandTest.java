package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat-archive merge FROM INTO}, run in-process through the real command line on a real SQLite
 * archive: what it prints, what it leaves in the archive, and the sentence and exit code for every
 * wrong argument (nothing changes then). The end-to-end merge of an imported export and an imported
 * backup through the real plugin jar is {@code MergeCommandIT}.
 */
class MergeCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String EXPORT = "export-0123456789abcdef01234567@s.whatsapp.net";
    private static final String ANNA = "31612345678@s.whatsapp.net";
    private static final String OTHER_PROVIDERS = "room-1@example.org";
    private static final String RAW_EXPORT = "{\"source\":\"whatsapp-export\"}";
    private static final String RAW_BACKUP = "{\"source\":\"whatsapp-android-backup\"}";

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path archiveFile() {
        return home.resolve("data").resolve("archive.db");
    }

    private int run(String... args) {
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve("data").toString()),
                home, home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, CLOCK, CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> {
                }, new PrintWriter(out, true), new PrintWriter(err, true));
        return app.run(args);
    }

    private <T> T read(Function<ArchiveSession, T> query) {
        try (Archive archive = Archive.open(archiveFile(), CLOCK)) {
            return archive.read(query);
        }
    }

    private List<String> idsOf(String chat) {
        return read(session -> session.messages().newestPage(chat, 100)).stream()
                .map(stored -> stored.message().id()).sorted().toList();
    }

    private static HistoricalMessage exported(String id, String chat, String text, String at, boolean me) {
        return new HistoricalMessage(id, chat, me ? "me" : "Anna", null, text, Instant.parse(at), me, MessageType.TEXT,
                false, RAW_EXPORT);
    }

    private static HistoricalMessage real(String id, String text, String at, boolean me) {
        return new HistoricalMessage(id, ANNA, me ? "me" : ANNA, me ? null : "Anna", text, Instant.parse(at), me,
                MessageType.TEXT, false, RAW_BACKUP);
    }

    /** An export chat "Anna" (three lines, two of which the phone's chat holds) and the phone's chat. */
    @BeforeEach
    void archiveAnExportAndTheRealChat() {
        try (Archive archive = Archive.open(archiveFile(), CLOCK)) {
            archive.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription(EXPORT, "Anna \u001b[31m(export)", false, null, null));
                session.chats().upsert("whatsapp", new ChatDescription(ANNA, "Anna de Vries", false, null, null));
                session.chats().upsert("matrix", new ChatDescription(OTHER_PROVIDERS, "A room", true, null, null));
                session.messages().insertIfAbsent("whatsapp", List.of(
                        exported("export-aa", EXPORT, "Hoi! Are we climbing Saturday?", "2024-03-01T09:00:00Z", false),
                        exported("export-bb", EXPORT, "Yes, 10:00 at the gym", "2024-03-01T09:01:00Z", true),
                        exported("export-cc", EXPORT, "Remember the old gym?", "2024-02-28T18:00:00Z", false)));
                session.messages().insertIfAbsent("whatsapp", List.of(
                        real("3EB0A1", "Hoi! Are we climbing Saturday?", "2024-03-01T09:00:12.500Z", false),
                        real("3EB0A2", "Yes, 10:00 at the gym", "2024-03-01T09:01:40Z", true),
                        real("3EB0A5", "Bring the rope", "2024-03-01T09:04:00Z", false)));
                return null;
            });
        }
    }

    @Test
    void merge_exportIntoRealChat_saysWhatItDid_andLeavesEachMessageOnceInTheRealChat() {
        int code = run("merge", EXPORT, ANNA);

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals("Merged \"Anna \u241b[31m(export)\" into \"Anna de Vries\": 2 messages were already there, 1 moved"
                + " over.", out.toString().strip(), "one line, the export's title made safe");
        assertFalse(out.toString().contains("\u001b"), "no escape character reaches the terminal");
        assertEquals(List.of("3EB0A1", "3EB0A2", "3EB0A5", "export-cc"), idsOf(ANNA));
        assertTrue(read(session -> session.chats().find(EXPORT)).isEmpty(), "the emptied export chat is removed");
        assertEquals(4L, read(session -> session.chats().find(ANNA)).orElseThrow().messageCount());
    }

    @Test
    void merge_sameChatTwice_dropsExportLinesImportedUnderTheRealId() {
        try (Archive archive = Archive.open(archiveFile(), CLOCK)) {
            archive.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(
                    exported("export-dd", ANNA, "Bring the rope", "2024-03-01T09:04:00Z", false),
                    exported("export-ee", ANNA, "Only in the export", "2024-03-01T09:05:00Z", false))));
        }

        int code = run("merge", ANNA, ANNA);

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals("De-duplicated \"Anna de Vries\": 1 exported messages were already there under their real ids and"
                + " were dropped.", out.toString().strip());
        assertEquals(List.of("3EB0A1", "3EB0A2", "3EB0A5", "export-ee"), idsOf(ANNA));
    }

    @Test
    void merge_fromAChatNotInTheArchive_saysSoWithExitCode3_andChangesNothing() {
        int code = run("merge", "export-ffffffffffffffffffffffff@s.whatsapp.net", ANNA);

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertEquals("There is no chat 'export-ffffffffffffffffffffffff@s.whatsapp.net' in the archive. Run"
                + " 'chat-archive chats' to see the chat ids; nothing was merged.", err.toString().strip());
        assertEquals("", out.toString());
        assertEquals(List.of("export-aa", "export-bb", "export-cc"), idsOf(EXPORT));
        assertEquals(3, idsOf(ANNA).size());
    }

    @Test
    void merge_intoAChatNotInTheArchive_saysSoWithExitCode3_andChangesNothing() {
        int code = run("merge", EXPORT, "31699999999@s.whatsapp.net");

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertTrue(err.toString().startsWith("There is no chat '31699999999@s.whatsapp.net' in the archive."),
                err.toString());
        assertEquals(List.of("export-aa", "export-bb", "export-cc"), idsOf(EXPORT));
    }

    @Test
    void merge_anIdWithEscapeSequences_isPrintedSafely() {
        int code = run("merge", "evil\u001b[2J\u0007@s.whatsapp.net", ANNA);

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertFalse(err.toString().contains("\u001b"), err.toString());
        assertFalse(err.toString().contains("\u0007"), err.toString());
    }

    @Test
    void merge_chatsOfDifferentProviders_isRefusedWithExitCode2() {
        int code = run("merge", OTHER_PROVIDERS, ANNA);

        assertEquals(ExitCodes.USAGE, code);
        assertEquals("Both chats must come from the same provider: room-1@example.org is matrix's,"
                + " 31612345678@s.whatsapp.net is whatsapp's. Nothing was merged.", err.toString().strip());
        assertEquals(3, idsOf(ANNA).size());
    }

    @Test
    void merge_withOneChatOnly_isAUsageErrorNamingTheMissingParameter() {
        int code = run("merge", EXPORT);

        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().startsWith("Missing required parameter: 'INTO'."), err.toString());
        assertTrue(err.toString().contains("Run 'chat-archive merge --help' to see what it accepts."), err.toString());
        assertEquals(3, idsOf(EXPORT).size());
    }

    @Test
    void merge_withThreeChats_isAUsageError() {
        int code = run("merge", EXPORT, ANNA, ANNA);

        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().startsWith("Unmatched argument at index 3: '" + ANNA + "'"), err.toString());
    }

    @Test
    void merge_whileAnotherChatArchiveHoldsTheArchive_isRefusedWithExitCode4_andChangesNothing() {
        try (Archive writer = Archive.open(archiveFile(), CLOCK)) {
            int code = run("merge", EXPORT, ANNA);

            assertEquals(ExitCodes.ARCHIVE_IN_USE, code);
            assertTrue(err.toString().startsWith("The archive " + archiveFile() + " is in use"), err.toString());
        }
        assertEquals(3, idsOf(EXPORT).size());
    }

    @Test
    void merge_again_afterTheExportChatIsGone_saysItIsMergedAlready() {
        run("merge", EXPORT, ANNA);
        out.getBuffer().setLength(0);

        int code = run("merge", EXPORT, ANNA);

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals(EXPORT + " was merged into " + ANNA + " on 2026-06-01 12:00 already; its messages are there, and"
                + " importing it again lands there too.", out.toString().strip());
        assertEquals(List.of("3EB0A1", "3EB0A2", "3EB0A5", "export-cc"), idsOf(ANNA));
    }

    @Test
    void merge_ofAChatMergedElsewhere_namesWhereItWent() {
        run("merge", EXPORT, ANNA);

        int code = run("merge", EXPORT, OTHER_PROVIDERS);

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertEquals(EXPORT + " was merged into " + ANNA + " on 2026-06-01 12:00; its messages are there. Merge that"
                + " chat instead; nothing was merged.", err.toString().strip());
    }
}

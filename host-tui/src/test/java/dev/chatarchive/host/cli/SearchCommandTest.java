package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.SearchIndexChecks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat-archive search}, run in-process on a real SQLite archive in a temp folder. */
class SearchCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final String CLUB = "120363000000000001@g.us";

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

    /** Alice's chat stored newest first (as a sync pages backwards), the club's oldest first. */
    private void archiveTwoChats() {
        try (Archive archive = Archive.open(archiveFile(), CLOCK)) {
            archive.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription(ALICE, "Alice Martin", false, null, null));
                session.chats().upsert("whatsapp", new ChatDescription(CLUB, "Book Club \u001b[31mred", true, null, null));
                return null;
            });
            for (int i = 30; i >= 1; i--) {
                HistoricalMessage message = new HistoricalMessage("a" + i, ALICE, ALICE, "Alice",
                        i % 10 == 0 ? "see you tomorrow (" + i + ")" : "message " + i,
                        Instant.parse("2024-01-01T10:%02d:00Z".formatted(i)), false, dev.chatarchive.api.MessageType.TEXT, false, null);
                archive.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(message)));
            }
            List<HistoricalMessage> club = new ArrayList<>();
            club.add(HistoricalMessage.text("b1", CLUB, "31633333333@s.whatsapp.net", "Tomorrow \u001b[2J\u0007 at the café\u202e!",
                    Instant.parse("2024-02-01T09:00:00Z"), false));
            club.add(HistoricalMessage.text("b2", CLUB, "me", "mañana, tomorrow", Instant.parse("2024-01-01T10:15:00Z"), true));
            archive.write(session -> session.messages().insertIfAbsent("whatsapp", club));
            SearchIndexChecks.current(archive); // as an import does before it reports done
        }
    }

    @Test
    void search_printsTheNewestHitsFirst_withTimeChatSenderAndSafeText() {
        archiveTwoChats();

        int code = run("search", "tomorrow");

        assertEquals(ExitCodes.OK, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("All 5 messages matching \"tomorrow\", newest first:", lines.get(0));
        assertEquals("2024-02-01 09:00  Book Club ␛[31mred · 31633333333@s.whatsapp.net: Tomorrow ␛[2J␇ at the café‹RLO›!",
                lines.get(1));
        assertEquals("2024-01-01 10:30  Alice Martin · Alice: see you tomorrow (30)", lines.get(2));
        assertEquals("2024-01-01 10:20  Alice Martin · Alice: see you tomorrow (20)", lines.get(3));
        assertEquals("2024-01-01 10:15  Book Club ␛[31mred · me: mañana, tomorrow", lines.get(4));
        assertEquals("2024-01-01 10:10  Alice Martin · Alice: see you tomorrow (10)", lines.get(5));
        assertEquals(6, lines.size());
        assertFalse(out.toString().contains("\u001b"), "no raw escape reaches the terminal");
    }

    @Test
    void search_withALimit_saysHowManyMatchInAll() {
        archiveTwoChats();

        assertEquals(ExitCodes.OK, run("search", "TOMORROW", "--limit", "2"), err.toString());

        List<String> lines = out.toString().lines().toList();
        assertEquals("The newest 2 of 5 messages matching \"TOMORROW\":", lines.get(0));
        assertEquals(3, lines.size());
    }

    @Test
    void search_inOneChat_printsOnlyThatChatsHits() {
        archiveTwoChats();

        assertEquals(ExitCodes.OK, run("search", "tomorrow", "--chat", ALICE), err.toString());

        List<String> lines = out.toString().lines().toList();
        assertEquals("The newest 3 messages in Alice Martin (" + ALICE + ") matching \"tomorrow\":", lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(line -> line.contains("Alice Martin")), out.toString());
        assertEquals(4, lines.size());
    }

    @Test
    void search_severalWordsAccentsAndPrefixes_matchLikeTheApp() {
        archiveTwoChats();

        assertEquals(ExitCodes.OK, run("search", "manana", "tomor", "--json"), err.toString());

        assertEquals(1, out.toString().lines().count(), out.toString());
        assertTrue(out.toString().contains("\"id\":\"b2\""), out.toString());
    }

    @Test
    void search_json_printsOneObjectPerHit_withTheExactTextEscapedForTheTerminal() throws Exception {
        archiveTwoChats();

        assertEquals(ExitCodes.OK, run("search", "tomorrow", "--json", "--limit", "2"), err.toString());

        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(CLUB, first.get("chat").asText());
        assertEquals("Book Club \u001b[31mred", first.get("chat_title").asText());
        assertEquals("b1", first.get("id").asText());
        assertEquals("2024-02-01T09:00:00Z", first.get("time").asText());
        assertEquals("31633333333@s.whatsapp.net", first.get("sender").asText());
        assertTrue(first.get("sender_name").isNull());
        assertFalse(first.get("from_me").asBoolean());
        assertEquals("text", first.get("type").asText());
        assertEquals("Tomorrow \u001b[2J\u0007 at the café\u202e!", first.get("text").asText());
        assertTrue(first.get("snippet").asText().contains("Tomorrow"));
        assertEquals("a30", new ObjectMapper().readTree(lines.get(1)).get("id").asText());
        assertTrue(out.toString().chars().noneMatch(c -> c < 0x20 && c != '\n' || c >= 0x7F && c <= 0x9F || c == 0x202E),
                "every control and format character is escaped: " + out);
    }

    @Test
    void search_nothingMatches_saysSo_andJsonPrintsNothing() {
        archiveTwoChats();

        assertEquals(ExitCodes.OK, run("search", "zanzibar"), err.toString());
        assertEquals("No message matches \"zanzibar\".", out.toString().strip());

        out.getBuffer().setLength(0);
        assertEquals(ExitCodes.OK, run("search", "zanzibar", "--json"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void search_worksWhileTheArchiveIsOpenForWriting() {
        archiveTwoChats();
        try (Archive writer = Archive.open(archiveFile(), CLOCK)) {
            assertEquals(ExitCodes.OK, run("search", "tomorrow", "--limit", "1"), err.toString());
            assertTrue(out.toString().contains("Book Club"), out.toString());
        }
    }

    @Test
    void search_whileTheSearchIndexIsBehind_saysOnStderrHowManyMessagesWait() {
        try (Archive writer = SearchIndexChecks.openPaused(archiveFile(), CLOCK)) {
            writer.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription(ALICE, "Alice Martin", false, null, null));
                return session.messages().insertIfAbsent("whatsapp", List.of(
                        HistoricalMessage.text("x1", ALICE, ALICE, "see you tomorrow", Instant.parse("2024-01-01T10:00:00Z"), false),
                        HistoricalMessage.text("x2", ALICE, ALICE, "tomorrow then", Instant.parse("2024-01-01T10:01:00Z"), false),
                        HistoricalMessage.text("x3", ALICE, ALICE, "fine", Instant.parse("2024-01-01T10:02:00Z"), false)));
            });

            assertEquals(ExitCodes.OK, run("search", "tomorrow"), err.toString());
            assertEquals("Search index: 3 messages still being indexed; results may be incomplete.", err.toString().strip());

            SearchIndexChecks.catchUp(writer);
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertEquals(ExitCodes.OK, run("search", "tomorrow"), err.toString());
            assertEquals("", err.toString());
            assertTrue(out.toString().startsWith("All 2 messages matching \"tomorrow\""), out.toString());
        }
    }

    @Test
    void search_ofAnUnknownChat_isNotFoundWithAHint() {
        archiveTwoChats();

        assertEquals(ExitCodes.NOT_FOUND, run("search", "tomorrow", "--chat", "nobody@s.whatsapp.net"));
        assertTrue(err.toString().contains("There is no chat 'nobody@s.whatsapp.net'"), err.toString());
        assertTrue(err.toString().contains("chat-archive chats"), err.toString());
    }

    @Test
    void search_withALimitOutOfRangeOrNoWords_isAUsageError() {
        archiveTwoChats();

        assertEquals(ExitCodes.USAGE, run("search", "tomorrow", "--limit", "0"));
        assertTrue(err.toString().contains("--limit must be between 1 and 10000"), err.toString());
        assertEquals(ExitCodes.USAGE, run("search"));
        assertEquals(ExitCodes.USAGE, run("search", "  "));
    }
}

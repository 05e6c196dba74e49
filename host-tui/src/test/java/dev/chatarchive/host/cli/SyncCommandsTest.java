package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.SearchIndexChecks;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync} and {@code status}, run in-process against a real plugin jar and a real archive file. */
class SyncCommandsTest {

    @TempDir
    Path home;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private Path data() {
        return home.resolve("data");
    }

    private Path plugins() {
        return home.resolve("plugins");
    }

    @BeforeEach
    void installPlugin() throws Exception {
        Files.createDirectories(plugins());
        Files.createDirectories(data());
        PagedPlugin.writeTo(plugins());
        configure("paged.size=120");
    }

    private void configure(String... lines) throws Exception {
        Files.writeString(data().resolve("config.properties"), String.join("\n", lines) + "\n");
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
        String[] withPlugins = new String[args.length + 2];
        System.arraycopy(args, 0, withPlugins, 0, args.length);
        withPlugins[args.length] = "--plugins-dir";
        withPlugins[args.length + 1] = plugins().toString();
        return app.run(withPlugins);
    }

    private SyncCheckpoint checkpoint(String chat) {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(session -> session.checkpoints().find(chat)).orElseThrow();
        }
    }

    private long held(String chat) {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(session -> session.messages().count(chat));
        }
    }

    @Test
    void sync_aChat_storesItsHistoryAndSaysItIsComplete() {
        int code = run("sync", PagedPlugin.ALPHA);

        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(out.toString().contains("Stored 120 new messages of Alpha; its history is complete."), out.toString());
        assertTrue(out.toString().contains("Syncing Alpha..."), out.toString());
        assertEquals(120, held(PagedPlugin.ALPHA));
        assertEquals(SyncState.COMPLETED, checkpoint(PagedPlugin.ALPHA).status());
    }

    @Test
    void sync_withMax_stopsThereAndResumeFinishes() {
        int first = run("sync", PagedPlugin.ALPHA, "--max", "30");
        String firstOut = out.toString();
        int second = run("sync", PagedPlugin.ALPHA, "--resume");

        assertEquals(ExitCodes.OK, first, err.toString());
        assertTrue(firstOut.contains("the limit of 30"), firstOut);
        assertTrue(firstOut.contains("Continue with: chat-archive sync Alpha --resume"), firstOut);
        assertEquals(ExitCodes.OK, second, err.toString());
        assertEquals(120, held(PagedPlugin.ALPHA));
        assertEquals(120, checkpoint(PagedPlugin.ALPHA).messagesSynced());
    }

    @Test
    void sync_ofACompleteChat_isRefusedAndPointsToRestart() {
        run("sync", PagedPlugin.ALPHA);

        int code = run("sync", PagedPlugin.ALPHA);

        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(err.toString().contains("The history of Alpha is already complete."), err.toString());
        assertTrue(err.toString().contains("chat-archive sync alpha@paged --restart"), err.toString());
    }

    @Test
    void sync_restart_ofACompleteChat_runsAgain() {
        run("sync", PagedPlugin.ALPHA);

        int code = run("sync", PagedPlugin.ALPHA, "--restart");

        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(out.toString().contains("(starting over)"), out.toString());
        assertEquals(0, checkpoint(PagedPlugin.ALPHA).messagesSynced(), "nothing new the second time");
    }

    @Test
    void sync_json_printsOneJsonObjectPerLine() throws Exception {
        int code = run("sync", PagedPlugin.ALPHA, "--json");

        assertEquals(ExitCodes.OK, code, err.toString());
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = out.toString().lines().map(line -> {
            try {
                return mapper.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }).toList();
        assertEquals("started", lines.get(0).get("event").asText());
        assertEquals(5, lines.stream().filter(line -> line.get("event").asText().equals("progress")).count());
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("finished", last.get("event").asText());
        assertEquals("completed", last.get("state").asText());
        assertEquals(120, last.get("new_messages").asInt());
    }

    @Test
    void sync_ofAChatNoProviderOffers_isNotFound() {
        int code = run("sync", "nobody@paged");

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertTrue(err.toString().contains("No provider offers a chat nobody@paged"), err.toString());
    }

    @Test
    void sync_wrongCommandLines_areUsageErrors() {
        assertEquals(ExitCodes.USAGE, run("sync"));
        assertEquals(ExitCodes.USAGE, run("sync", PagedPlugin.ALPHA, "--resume", "--restart"));
        assertEquals(ExitCodes.USAGE, run("sync", PagedPlugin.ALPHA, "--all"));
        assertEquals(ExitCodes.USAGE, run("sync", PagedPlugin.ALPHA, "--max", "0"));
        assertTrue(err.toString().contains("--max must be between 1 and 10000"), err.toString());
    }

    @Test
    void syncAll_syncsEveryChatAndReportsTheOneThatFails() throws Exception {
        configure("paged.size=60", "paged.broken=true");

        int code = run("sync", "--all");

        assertEquals(ExitCodes.FAILURE, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("Stored 60 new messages of Alpha"), text);
        assertTrue(text.contains("Stored 60 new messages of Beta"), text);
        assertTrue(text.contains("The broken chat cannot be read."), text);
        assertTrue(text.contains("3 chats: 2 complete, 0 stopped at --max, 0 already complete, 1 need attention"), text);
        assertEquals(SyncState.FAILED, checkpoint(PagedPlugin.BROKEN).status());
    }

    @Test
    void syncAll_chatsThatStopAtMax_succeedAndAreCountedOnce() throws Exception {
        configure("paged.size=60");

        int code = run("sync", "--all", "--max", "30");

        assertEquals(ExitCodes.OK, code, out.toString() + err);
        String text = out.toString();
        assertTrue(text.contains("2 chats: 0 complete, 2 stopped at --max (sync --all again to go on), 0 already"
                + " complete, 0 need attention."), text);

        int second = run("sync", "--all", "--max", "30");

        assertEquals(ExitCodes.OK, second, out.toString() + err);
        assertTrue(out.toString().contains("2 chats: 2 complete, 0 stopped at --max, 0 already complete, 0 need"
                + " attention."), out.toString());
    }

    @Test
    void status_listsEveryChatWithItsStateAndWhatToDoNext() {
        run("sync", PagedPlugin.ALPHA, "--max", "30");

        int code = run("status");

        assertEquals(ExitCodes.OK, code, err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("Not syncing. 30 messages synced in all"), text);
        assertTrue(text.contains("interrupted (limit reached)"), text);
        assertTrue(text.contains("resume with: chat-archive sync Alpha --resume"), text);
        assertTrue(text.lines().anyMatch(line -> line.startsWith("Alpha ")), "the table names chats by title: " + text);
    }

    @Test
    void status_whileTheSearchIndexIsBehind_saysHowManyMessagesWait_thenThatItIsCurrent() throws Exception {
        try (Archive writer = SearchIndexChecks.openPaused(data().resolve("archive.db"), Clock.systemUTC())) {
            writer.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription("31611111111@s.whatsapp.net", "Alice", false, null, null));
                return session.messages().insertIfAbsent("whatsapp", List.of(
                        HistoricalMessage.text("x1", "31611111111@s.whatsapp.net", "s", "one", Instant.parse("2024-01-01T10:00:00Z"), false),
                        HistoricalMessage.text("x2", "31611111111@s.whatsapp.net", "s", "two", Instant.parse("2024-01-01T10:01:00Z"), false),
                        HistoricalMessage.text("x3", "31611111111@s.whatsapp.net", "s", "three", Instant.parse("2024-01-01T10:02:00Z"), false)));
            });

            assertEquals(ExitCodes.OK, run("status"), err.toString());
            assertTrue(out.toString().lines().anyMatch(line -> line.equals(
                    "Search index: 3 messages still being indexed; results may be incomplete.")), out.toString());
            assertEquals(ExitCodes.OK, run("status", "--json"), err.toString());
            JsonNode index = new ObjectMapper().readTree(out.toString()).get("search_index");
            assertFalse(index.get("current").asBoolean(), index.toString());
            assertEquals(3, index.get("messages_waiting").asLong(), index.toString());

            SearchIndexChecks.catchUp(writer);
            assertEquals(ExitCodes.OK, run("status"), err.toString());
            assertTrue(out.toString().lines().anyMatch(line -> line.equals("Search index: current, every message is searchable.")),
                    out.toString());
            assertEquals(ExitCodes.OK, run("status", "--json"), err.toString());
            assertTrue(new ObjectMapper().readTree(out.toString()).get("search_index").get("current").asBoolean(), out.toString());
        }
    }

    @Test
    void status_ofAnotherArchive_namesTheOptionsItsCommandsNeed() {
        Path other = home.resolve("elsewhere").resolve("other.db");
        run("--archive", other.toString(), "sync", PagedPlugin.ALPHA, "--max", "30");
        String where = " --archive " + RootCommand.shellWord(other.toAbsolutePath().normalize().toString())
                + " --plugins-dir " + RootCommand.shellWord(plugins().toAbsolutePath().normalize().toString());

        assertEquals(ExitCodes.OK, run("--archive", other.toString(), "status"), err.toString());
        String all = out.toString();
        assertTrue(all.contains("resume with: chat-archive sync Alpha --resume"), all);
        assertTrue(all.lines().anyMatch(line -> line.equals("Run the commands above with:" + where)), all);

        assertEquals(ExitCodes.OK, run("--archive", other.toString(), "status", "Alpha"), err.toString());
        assertTrue(out.toString().contains("Next:      resume with: chat-archive sync Alpha --resume" + where), out.toString());
    }

    @Test
    void status_ofOneChatNamedByItsTitle_isThatChat() throws Exception {
        run("sync", PagedPlugin.ALPHA, "--max", "30");

        int code = run("status", "Alpha", "--json");

        assertEquals(ExitCodes.OK, code, err.toString());
        assertEquals(PagedPlugin.ALPHA, new ObjectMapper().readTree(out.toString()).get("chat").asText());
    }

    @Test
    void sync_ofAChatNamedByItsTitle_resumesThatChat() {
        run("sync", PagedPlugin.ALPHA, "--max", "30");

        int code = run("sync", "alpha", "--resume");

        assertEquals(ExitCodes.OK, code, err.toString() + out);
        assertEquals(SyncState.COMPLETED, checkpoint(PagedPlugin.ALPHA).status());
    }

    @Test
    void status_ofOneChat_json_hasTheCheckpointAndItsRequests() throws Exception {
        run("sync", PagedPlugin.ALPHA, "--max", "30");
        run("sync", PagedPlugin.ALPHA, "--resume");

        int code = run("status", PagedPlugin.ALPHA, "--json");

        assertEquals(ExitCodes.OK, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("completed", json.get("status").asText());
        assertEquals(120, json.get("messages_synced").asInt());
        assertEquals("p0001", json.get("last_message_id").asText());
        assertEquals(2, json.get("requests").size());
        assertTrue(json.get("requests").get(1).get("resume").asBoolean());
        assertEquals("cli", json.get("requests").get(0).get("requested_by").asText());
    }

    @Test
    void status_ofAnUnknownChat_isNotFound() {
        run("sync", PagedPlugin.ALPHA, "--max", "30");

        assertEquals(ExitCodes.NOT_FOUND, run("status", "nobody@paged"));
    }
}

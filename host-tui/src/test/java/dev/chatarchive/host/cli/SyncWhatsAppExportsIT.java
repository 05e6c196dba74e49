package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync} and {@code status} against the real WhatsApp plugin jar (built into ../plugins by the
 * reactor) reading the sample exports shipped in ../samples.
 */
class SyncWhatsAppExportsIT {

    @TempDir
    Path home;

    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void configure() throws Exception {
        String samples = System.getProperty("chatarchive.samples.dir");
        assertNotNull(samples, "surefire passes chatarchive.samples.dir; run the tests with Maven from the root");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data").resolve("config.properties"),
                "whatsapp.exports.dirs=" + Path.of(samples).toAbsolutePath().toString().replace("\\", "\\\\") + "\n");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String plugins = System.getProperty("chatarchive.plugins.dir");
        assertNotNull(plugins, "failsafe passes chatarchive.plugins.dir; run the tests with Maven from the root");
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve("data").toString()),
                home, home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        String[] withPlugins = new String[args.length + 2];
        System.arraycopy(args, 0, withPlugins, 0, args.length);
        withPlugins[args.length] = "--plugins-dir";
        withPlugins[args.length + 1] = plugins;
        return app.run(withPlugins);
    }

    @Test
    void syncAll_ofTheSampleExports_completesEveryChat_andASecondRunSkipsThem() throws Exception {
        int first = run("sync", "--all", "--provider", "whatsapp");
        String firstOut = out.toString();
        int status = run("status", "--json");
        JsonNode json = new ObjectMapper().readTree(out.toString());
        int second = run("sync", "--all");

        assertEquals(ExitCodes.OK, first, firstOut + err);
        assertEquals(ExitCodes.OK, status, err.toString());
        assertTrue(json.get("chats").size() >= 4, json.toString());
        for (JsonNode chat : json.get("chats")) {
            assertEquals("completed", chat.get("status").asText(), chat.toString());
            assertTrue(chat.get("messages_archived").asLong() > 0, chat.toString());
            assertEquals(chat.get("messages_archived").asLong(), chat.get("messages_synced").asLong(),
                    "every archived message came from the sync, once: " + chat);
        }
        assertTrue(json.get("status").get("is_latest").asBoolean());
        assertFalse(json.get("status").get("is_syncing").asBoolean());
        assertEquals(ExitCodes.OK, second, out.toString() + err);
        assertTrue(out.toString().contains(" 0 complete, 0 stopped at --max, ") && out.toString().contains(
                " already complete, 0 need attention"), "complete chats are skipped: " + out);
    }
}

package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.config.Settings;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.plugin.GuardedProvider;
import dev.chatarchive.host.plugin.ProviderEventBus;
import dev.chatarchive.host.plugin.ProviderRegistry;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import dev.chatarchive.whatsapp.backup.FixtureDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A phone backup and live mode on the same chat store each message once, whichever comes first:
 * the real WhatsApp plugin jar, its backup reader on an Android msgstore.db, and live mode through
 * its Node.js sidecar and Baileys' own history pipeline, with the simulated phone
 * (plugin-whatsapp/sidecar/testing/fake-phone.js) standing in for WhatsApp. The backup holds the
 * chat's 200 oldest messages under the ids, JID, times and directions the phone gives them; the
 * phone holds 300. Both paths must agree on every (chat, id), so the archive ends with 300 messages.
 */
class BackupAndLiveOnceIT {

    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final int ON_PHONE = 300;
    private static final int IN_BACKUP = 200;
    private static final long FIRST_SECONDS = 1_600_000_000L;
    private static final long STEP_SECONDS = 60;

    @TempDir
    Path home;

    private StringWriter out = new StringWriter();
    private Path msgstore;

    private Path data() {
        return home.resolve("data");
    }

    private static Path realPlugins() {
        String plugins = System.getProperty("chatarchive.plugins.dir");
        assertNotNull(plugins, "failsafe passes chatarchive.plugins.dir; run the tests with Maven from the root");
        return Path.of(plugins).toAbsolutePath().normalize();
    }

    @BeforeEach
    void phoneAndBackup() throws Exception {
        Files.createDirectories(data());
        Path phone = home.resolve("phone.json");
        Files.writeString(phone, """
                {"paired": true, "pushOnFirstConnect": {"messagesPerChat": 1},
                 "chats": [{"jid": "%s", "lid": "90011111111@lid", "name": "Alice", "count": %d,
                            "firstTimestamp": %d, "stepSeconds": %d}]}
                """.formatted(ALICE, ON_PHONE, FIRST_SECONDS, STEP_SECONDS));
        Properties config = new Properties();
        config.setProperty("whatsapp.live.enabled", "true");
        config.setProperty("whatsapp.live.socket-module",
                Path.of(System.getProperty("chatarchive.fake.phone", "../plugin-whatsapp/sidecar/testing/fake-phone.js"))
                        .toAbsolutePath().normalize().toString());
        config.setProperty("whatsapp.live.socket-config", phone.toString());
        config.setProperty("whatsapp.live.pause", "0ms");
        config.setProperty("whatsapp.live.quiet-period", "50ms");
        config.setProperty("whatsapp.exports.dirs", home.resolve("no-exports").toString());
        try (var writer = Files.newBufferedWriter(data().resolve("config.properties"))) {
            config.store(writer, "live mode against the simulated phone");
        }
        pairOnce(config);
        msgstore = FixtureDatabases.phoneChatBackup(Files.createDirectories(home.resolve("backup")).resolve("msgstore.db"),
                ALICE, "Alice", IN_BACKUP, FIRST_SECONDS, STEP_SECONDS);
    }

    @Test
    void backupFirst_thenLiveModeOverTheWholeChat_storesEachMessageOnce() {
        assertEquals(ExitCodes.OK, run("import", msgstore.toString()), out::toString);
        assertEquals(IN_BACKUP, idsAndTimes().size(), out::toString);

        assertEquals(ExitCodes.OK, run("sync", ALICE, "--restart"), out::toString);

        assertChatIsThePhonesHistoryOnce();
    }

    @Test
    void liveModeFirst_thenTheBackup_addsNothing() {
        assertEquals(ExitCodes.OK, run("sync", ALICE), out::toString);
        assertEquals(ON_PHONE, idsAndTimes().size(), out::toString);

        assertEquals(ExitCodes.OK, run("import", msgstore.toString()), out::toString);

        assertChatIsThePhonesHistoryOnce();
    }

    /** Exactly the phone's messages M000000..M000299, each once, at the phone's times, in one chat. */
    private void assertChatIsThePhonesHistoryOnce() {
        Map<String, Instant> expected = new TreeMap<>();
        for (int i = 0; i < ON_PHONE; i++) {
            expected.put(String.format("M%06d", i), Instant.ofEpochSecond(FIRST_SECONDS + i * STEP_SECONDS));
        }
        assertEquals(expected, idsAndTimes(), out::toString);
        assertEquals(List.of(ALICE), read(session -> session.handle()
                .createQuery("SELECT DISTINCT chat_jid FROM messages").mapTo(String.class).list()), "one chat, by its phone JID");
        long fromMe = read(session -> session.handle()
                .createQuery("SELECT count(*) FROM messages WHERE chat_jid = :chat AND is_from_me = 1")
                .bind("chat", ALICE).mapTo(Long.class).one());
        assertEquals(ON_PHONE / 4, fromMe, "every fourth message (i % 4 == 1) is the user's own");
    }

    private Map<String, Instant> idsAndTimes() {
        Map<String, Instant> found = new TreeMap<>();
        read(session -> session.handle().createQuery("SELECT id, timestamp FROM messages WHERE chat_jid = :chat")
                .bind("chat", ALICE).map((rs, ctx) -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .list()).forEach(entry -> {
                    assertEquals(null, found.put(entry.getKey(), entry.getValue()), "stored twice: " + entry.getKey());
                });
        return found;
    }

    private int run(String... args) {
        out = new StringWriter();
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", data().toString()), home,
                home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(out, true));
        return app.run(Stream.concat(Stream.of(args), Stream.of("--plugins-dir", realPlugins().toString()))
                .toArray(String[]::new));
    }

    /** Pairing happens once, before anything else, as in SyncWhatsAppLiveIT: the phone's first push names the chat. */
    private void pairOnce(Properties config) throws Exception {
        Map<String, String> values = new HashMap<>();
        config.stringPropertyNames().forEach(key -> values.put(key, config.getProperty(key)));
        try (ProviderEventBus events = new ProviderEventBus();
             ProviderRegistry registry = ProviderRegistry.load(new ProviderRegistry.Setup(realPlugins(), data(),
                     Settings.of(values), events, Clock.systemUTC(), CallTimeouts.DEFAULT))) {
            GuardedProvider whatsapp = registry.find("whatsapp").orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (whatsapp.status().state() != ConnectionState.CONNECTED
                    || whatsapp.listChats().stream().noneMatch(chat -> chat.chatId().equals(ALICE))) {
                assertTrue(System.nanoTime() < deadline, "pairing never finished: " + whatsapp.status());
                Thread.sleep(20);
            }
        }
    }

    private <T> T read(Function<ArchiveSession, T> query) {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(query);
        }
    }
}

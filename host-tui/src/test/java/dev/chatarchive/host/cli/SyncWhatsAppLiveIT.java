package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.config.Settings;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.plugin.GuardedProvider;
import dev.chatarchive.host.plugin.ProviderEventBus;
import dev.chatarchive.host.plugin.ProviderRegistry;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path, for real: {@code chat-archive sync CHAT} in a child JVM, the sync engine, the real
 * WhatsApp plugin jar this build packaged, in live mode, its Node.js sidecar, and the simulated phone
 * (plugin-whatsapp/sidecar/testing/fake-phone.js) standing in for WhatsApp. A chat of 10,000 messages
 * is synced 50 at a time; the sync's process is killed with SIGKILL midway (its sidecar goes with it),
 * and a second process resumes it. The archive must end with the chat's history exactly, once.
 */
class SyncWhatsAppLiveIT {

    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final int SIZE = 10_000;

    @TempDir
    Path home;

    private Path data() {
        return home.resolve("data");
    }

    private static Path realPlugins() {
        String plugins = System.getProperty("chatarchive.plugins.dir");
        assertNotNull(plugins, "failsafe passes chatarchive.plugins.dir; run the tests with Maven from the root");
        return Path.of(plugins).toAbsolutePath().normalize();
    }

    @Test
    void liveSyncOfTenThousandMessages_killedMidway_resumesInANewProcessToExactlyTheHistory() throws Exception {
        // given a paired phone whose chat with Alice holds 10,000 messages, and live mode pointed at it
        Files.createDirectories(data());
        Path phone = home.resolve("phone.json");
        Files.writeString(phone, """
                {"paired": true, "pushOnFirstConnect": {"messagesPerChat": 1},
                 "chats": [{"jid": "%s", "lid": "90011111111@lid", "name": "Alice", "count": %d,
                            "firstTimestamp": 1600000000, "stepSeconds": 60}]}
                """.formatted(ALICE, SIZE));
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

        // when a sync runs in its own process and is killed once it has stored a good part
        Process first = start("sync", ALICE, "--max", String.valueOf(SIZE));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (held() < 3_000 && first.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the child stored too little within two minutes");
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the first sync ended before it could be killed");
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the sidecar
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        long afterKill = held();
        SyncCheckpoint killed = read(session -> session.checkpoints().find(ALICE)).orElseThrow();
        assertEquals(SyncState.IN_PROGRESS, killed.status());
        assertEquals(afterKill, killed.messagesSynced(), "every stored message counted once, no more");
        assertTrue(afterKill < SIZE);

        // and a new process resumes it (the new process's start makes the killed sync interrupted)
        Process second = start("sync", ALICE, "--resume");
        assertTrue(second.waitFor(180, TimeUnit.SECONDS), "the resumed sync did not end");

        // then exactly the chat's history is archived, each message once, and the sync is complete
        assertEquals(ExitCodes.OK, second.exitValue(), () -> diagnostics("second.out"));
        List<String> ids = read(session -> session.handle().createQuery("SELECT id FROM messages WHERE chat_jid = :chat")
                .bind("chat", ALICE).mapTo(String.class).list());
        assertEquals(SIZE, ids.size(), "no message stored twice");
        Set<String> expected = new TreeSet<>(IntStream.range(0, SIZE).mapToObj(i -> String.format("M%06d", i)).toList());
        assertEquals(expected, new TreeSet<>(ids));
        SyncCheckpoint resumed = read(session -> session.checkpoints().find(ALICE)).orElseThrow();
        assertEquals(SyncState.COMPLETED, resumed.status());
        assertEquals(SIZE, resumed.messagesSynced());
    }

    /**
     * Pairing happens once, in the app, before anyone syncs: the phone's first push names the chats,
     * which the plugin keeps. Done here with the plugin loaded in this JVM on the same data folder.
     */
    private void pairOnce(Properties config) throws Exception {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        config.stringPropertyNames().forEach(key -> values.put(key, config.getProperty(key)));
        try (ProviderEventBus events = new ProviderEventBus();
             ProviderRegistry registry = ProviderRegistry.load(new ProviderRegistry.Setup(realPlugins(), data(),
                     Settings.of(values), events, Clock.systemUTC(), CallTimeouts.DEFAULT))) {
            GuardedProvider whatsapp = registry.find("whatsapp").orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (whatsapp.status().state() != ConnectionState.CONNECTED
                    || whatsapp.listChats().stream().noneMatch(chat -> chat.chatId().equals(ALICE))) {
                assertTrue(System.nanoTime() < deadline, "pairing never finished: " + whatsapp.status());
                Thread.sleep(20);
            }
        }
    }

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.chatarchive.host.app.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--plugins-dir", realPlugins().toString()));
        String name = args.length > 2 && args[2].equals("--resume") ? "second" : "first";
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".out").toFile());
        builder.environment().put("CHAT_ARCHIVE_HOME", data().toString());
        return builder.start();
    }

    /** What a failed child printed, and the end of the app's log. */
    private String diagnostics(String output) {
        try {
            List<String> log = Files.readAllLines(data().resolve("logs/chat-archive.log"));
            return Files.readString(home.resolve(output)) + "\n--- log ---\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size()));
        } catch (java.io.IOException e) {
            return "(no diagnostics: " + e.getMessage() + ")";
        }
    }

    private <T> T read(Function<ArchiveSession, T> query) {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(query);
        }
    }

    private long held() {
        if (!Files.exists(data().resolve("archive.db"))) {
            return 0;
        }
        try {
            return read(session -> session.messages().count(ALICE));
        } catch (RuntimeException notReadyYet) {
            return 0; // the child is still creating the archive
        }
    }
}

package dev.chatarchive.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.host.config.Settings;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.InsertResult;
import dev.chatarchive.host.store.StoredMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real WhatsApp plugin jar this build packaged, loaded by PF4J, with live mode on and its real
 * sidecar process talking to the simulated phone ({@code plugin-whatsapp/sidecar/testing/fake-phone.js}),
 * storing into a real archive file: 10,000 older messages in 200 pages, with the sidecar killed after
 * page 70 and the whole plugin unloaded and loaded again after page 140.
 *
 * <p>The test drives the paging itself, the way the sync engine does (ask for 50 older than the
 * archive's oldest message, store insert-or-ignore, retry a retryable failure), so that it can crash
 * the sidecar while the host lives on and reload the plugin in the same JVM; the sync engine's own
 * run, killed with its whole process, is {@code SyncWhatsAppLiveIT}.
 */
class WhatsAppLivePluginIT {

    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final int OLDER_MESSAGES = 10_000;
    private static final Path PLUGINS = Path.of(System.getProperty("chatarchive.plugins.dir", "../plugins")).toAbsolutePath().normalize();
    private static final Path FAKE_PHONE = Path.of(System.getProperty("chatarchive.fake.phone",
            "../plugin-whatsapp/sidecar/testing/fake-phone.js")).toAbsolutePath().normalize();

    @TempDir
    Path root;

    private final ProviderEventBus events = new ProviderEventBus();
    private ProviderRegistry registry;
    private Archive archive;

    @AfterEach
    void closeEverything() {
        if (registry != null) {
            registry.close();
        }
        events.close();
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void liveSync_ofTenThousandMessages_throughTheRealPluginJar_survivesASidecarKillAndAPluginReload() throws Exception {
        // given the plugin jar, live mode pointed at a phone whose chat holds 10,001 messages, and an archive
        Path phoneConfig = root.resolve("phone.json");
        Files.writeString(phoneConfig, """
                {"paired": true, "pushOnFirstConnect": {"messagesPerChat": 1},
                 "chats": [{"jid": "%s", "lid": "90011111111@lid", "name": "Alice", "count": %d,
                            "firstTimestamp": 1600000000, "stepSeconds": 60}]}
                """.formatted(ALICE, OLDER_MESSAGES + 1));
        Settings settings = Settings.of(Map.of(
                "whatsapp.live.enabled", "true",
                "whatsapp.live.socket-module", FAKE_PHONE.toString(),
                "whatsapp.live.socket-config", phoneConfig.toString(),
                "whatsapp.live.pause", "0ms",
                "whatsapp.live.quiet-period", "50ms",
                "whatsapp.live.restart-delay", "50ms",
                "whatsapp.exports.dirs", root.resolve("no-exports").toString()));
        archive = Archive.open(root.resolve("archive.db"), Clock.systemUTC());
        events.subscribe(published -> {
            if (published.event() instanceof ProviderEvent.MessagesReceived received) {
                archive.write(session -> session.messages().insertIfAbsent(published.providerId(), received.messages()));
            }
        });
        HistoryProvider whatsapp = load(settings, phoneConfig);
        await(() -> count() == 1, "the message pushed at pairing never reached the archive");

        // when the chat is paged back to its first message, broken twice on the way
        int pages = 0;
        int retries = 0;
        int insertedByPages = 0;
        long killed = 0;
        HistoryPage page = null;
        while (page == null || !page.endOfHistory()) {
            StoredMessage oldest = archive.read(session -> session.messages().oldest(ALICE)).orElseThrow();
            try {
                page = whatsapp.fetchHistory(HistoryRequest.older(ALICE, oldest.toCursor(), 50));
            } catch (RetryableProviderException e) {
                // A restarted sidecar loads Node.js and Baileys again: allow it a minute.
                assertTrue(++retries <= 600, "the sync keeps failing: " + e.getMessage());
                Thread.sleep(100);
                page = null;
                continue;
            }
            HistoryPage stored = page;
            InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", stored.messages()));
            insertedByPages += result.inserted();
            assertEquals(0, result.ignored(), "page " + (pages + 1) + " repeated messages the archive held");
            pages++;
            if (pages == 70) {
                killed = killSidecar(phoneConfig);
            }
            if (pages == 140) {
                registry.close();
                whatsapp = load(settings, phoneConfig);
            }
        }

        // then the archive holds every message once, from the very first
        assertEquals(OLDER_MESSAGES / 50, pages);
        assertEquals(OLDER_MESSAGES, insertedByPages);
        assertEquals(OLDER_MESSAGES + 1, count());
        assertEquals("M000000", archive.read(session -> session.messages().oldest(ALICE)).orElseThrow().id());
        assertEquals("M010000", archive.read(session -> session.messages().newest(ALICE)).orElseThrow().id());
        assertTrue(retries >= 1, "the request after the kill met the dead sidecar");
        assertNotEquals(killed, sidecar(phoneConfig).map(ProcessHandle::pid).orElse(-1L));
    }

    private HistoryProvider load(Settings settings, Path phoneConfig) throws InterruptedException {
        registry = ProviderRegistry.load(new ProviderRegistry.Setup(PLUGINS, root.resolve("data"), settings, events,
                Clock.systemUTC(), CallTimeouts.DEFAULT));
        GuardedProvider whatsapp = registry.find("whatsapp").orElseThrow(() -> new AssertionError(
                "the WhatsApp plugin did not load from " + PLUGINS + ": " + registry.plugins()));
        await(() -> whatsapp.status().state() == ConnectionState.CONNECTED,
                "live mode never connected; status: " + whatsapp.status());
        assertTrue(sidecar(phoneConfig).isPresent(), "no sidecar process runs");
        return whatsapp;
    }

    private long count() {
        return archive.read(session -> session.messages().count(ALICE));
    }

    private static long killSidecar(Path phoneConfig) {
        ProcessHandle process = sidecar(phoneConfig).orElseThrow(() -> new AssertionError("no sidecar to kill"));
        process.destroyForcibly();
        process.onExit().join();
        return process.pid();
    }

    /** This test's sidecar: the node process started with this test's phone config. */
    private static Optional<ProcessHandle> sidecar(Path phoneConfig) {
        String config = phoneConfig.toAbsolutePath().toString();
        return ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && p.info().arguments().map(args -> Set.of(args).contains(config)).orElse(false))
                .findFirst();
    }

    private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }
}

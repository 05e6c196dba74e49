package dev.chatarchive.whatsapp.live;

import static dev.chatarchive.whatsapp.live.LiveTestHost.await;
import static dev.chatarchive.whatsapp.live.LiveTestHost.awaitState;
import static dev.chatarchive.whatsapp.live.SimulatedPhone.ALICE;
import static dev.chatarchive.whatsapp.live.SimulatedPhone.ALICE_LID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.whatsapp.WhatsAppHistoryProvider;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long live sync that is broken twice and resumed: 10,000 older messages in 200 pages of 50, with
 * the sidecar killed as a crash would kill it after page 70, and the whole provider stopped and a new
 * one started after page 140 (a restart of the app). The archive is simulated as the host keeps it:
 * insert-or-ignore on (chat, id), and every page asked for from the oldest message held.
 *
 * <p>This is the provider-level form of the test; the host's sync engine was not on main when it was
 * written, so the archive here is a map with the host's storage rule rather than the real SQLite store.
 */
class LiveResumeIT {

    private static final int OLDER_MESSAGES = 10_000;

    @TempDir
    Path root;

    private HistoryProvider provider;

    @AfterEach
    void stopProvider() {
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    void aSyncOfTenThousandMessages_killedAndRestartedMidway_storesEachMessageExactlyOnce() throws Exception {
        // given a phone whose chat holds 10,001 messages, of which pairing pushed the newest
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(true)
                .chat(ALICE, ALICE_LID, "Alice", OLDER_MESSAGES + 1).pushOnFirstConnect(1));
        Map<String, HistoricalMessage> archive = new LinkedHashMap<>();
        provider = startedProvider(host);
        await(() -> !host.eventsOf(ProviderEvent.MessagesReceived.class).isEmpty(), () -> "no pushed history");
        host.eventsOf(ProviderEvent.MessagesReceived.class).forEach(e -> store(archive, e.messages()));

        // when it is paged back to the end, with a sidecar crash and an app restart on the way
        int pages = 0;
        int retries = 0;
        long killedPid = 0;
        HistoryPage page;
        do {
            HistoricalMessage oldest = oldest(archive);
            try {
                page = provider.fetchHistory(HistoryRequest.older(ALICE, oldest.toCursor(), 50));
            } catch (RetryableProviderException e) {
                // A restarted sidecar loads Node.js and Baileys again: allow it a minute.
                retries++;
                assertTrue(retries <= 600, "the sync keeps failing: " + e.getMessage());
                Thread.sleep(100);
                page = null;
                continue;
            }
            for (HistoricalMessage message : page.messages()) {
                assertTrue(message.timestamp().isBefore(oldest.timestamp()),
                        message.id() + " is not older than the cursor " + oldest.id());
            }
            store(archive, page.messages());
            pages++;
            if (pages == 70) {
                killedPid = killSidecar(host);
            }
            if (pages == 140) {
                provider.stop();
                provider = startedProvider(host);
            }
        } while (page == null || !page.endOfHistory());

        // then every message is stored once, none is missing, and the crash was felt and survived
        assertEquals(OLDER_MESSAGES + 1, archive.size());
        assertEquals(new HashSet<>(SimulatedPhone.idsBetween(0, OLDER_MESSAGES + 1)), archive.keySet());
        assertEquals(OLDER_MESSAGES / 50, pages);
        assertTrue(retries >= 1, "the request after the kill met the dead sidecar");
        assertNotEquals(killedPid, sidecarPid(host), "a new sidecar took over");
    }

    private HistoryProvider startedProvider(LiveTestHost host) throws Exception {
        HistoryProvider started = new WhatsAppHistoryProvider();
        started.start(host);
        awaitState(started, ConnectionState.CONNECTED);
        return started;
    }

    /** The host's rule: insert-or-ignore on (chat, id). */
    private static void store(Map<String, HistoricalMessage> archive, Iterable<HistoricalMessage> messages) {
        for (HistoricalMessage message : messages) {
            archive.putIfAbsent(message.id(), message);
        }
    }

    private static HistoricalMessage oldest(Map<String, HistoricalMessage> archive) {
        return archive.values().stream()
                .min(Comparator.comparing(HistoricalMessage::timestamp).thenComparing(HistoricalMessage::id))
                .orElseThrow();
    }

    /** Kills this test's sidecar process the hard way (SIGKILL), as a crash would end it. */
    private static long killSidecar(LiveTestHost host) {
        ProcessHandle sidecar = sidecarProcess(host).orElseThrow(() -> new AssertionError("no sidecar is running"));
        sidecar.destroyForcibly();
        sidecar.onExit().join();
        return sidecar.pid();
    }

    private static long sidecarPid(LiveTestHost host) {
        return sidecarProcess(host).map(ProcessHandle::pid).orElse(-1L);
    }

    private static Optional<ProcessHandle> sidecarProcess(LiveTestHost host) {
        String config = host.settings.get("live.socket-config");
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> Set.of(args).contains(config)).orElse(false))
                .findFirst();
    }
}

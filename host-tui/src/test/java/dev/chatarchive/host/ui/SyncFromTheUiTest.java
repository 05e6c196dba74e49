package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.host.app.EngineSyncControls;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.sync.ProviderDirectory;
import dev.chatarchive.host.sync.SyncService;
import dev.chatarchive.host.sync.SyncSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syncs driven from the UI with the real sync engine over a real archive, against a provider whose
 * pages arrive only when the test lets them: started, watched, cancelled, resumed; and older history
 * fetched on demand by scrolling up.
 */
class SyncFromTheUiTest {

    private static final String CHAT = "31677777777@s.whatsapp.net";
    private static final int HISTORY = 45;

    @TempDir
    Path folder;
    Archive archive;
    SlowProvider provider;
    SyncService service;
    UiHarness harness;

    @BeforeEach
    void open() throws Exception {
        archive = Archive.open(folder.resolve("archive.db"), SampleChats.CLOCK);
        provider = new SlowProvider(CHAT, "Grace", Instant.parse("2026-05-01T09:00:00Z"), HISTORY);
        archive.write(session -> {
            session.chats().upsert(SlowProvider.ID, new ChatDescription(CHAT, "Grace", false, null, null));
            session.messages().insertIfAbsent(SlowProvider.ID, provider.newest(5));
            return null;
        });
        service = new SyncService(archive, ProviderDirectory.of(List.of(provider)), SyncSettings.defaults(SampleChats.CLOCK));
        harness = new UiHarness(archive, new EngineSyncControls(service), SampleChats.CLOCK, 80, 24);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        provider.allow(1_000);
        service.close();
        archive.close();
    }

    @Test
    void syncStartedWatchedCancelledAndResumedFromTheUi() {
        assertTrue(harness.text().contains("· 5 msgs · slow · not synced"), harness.text());

        harness.press('s');
        assertTrue(harness.text().contains("Sync Grace"), harness.text());
        assertTrue(harness.text().contains("Older messages to fetch, at most: 500"), harness.text());
        harness.press(KeyType.Backspace).press(KeyType.Backspace).press(KeyType.Backspace).press('3', '0');
        harness.press(KeyType.Enter);

        harness.settleUntilShown("Started syncing up to 30 older messages of Grace. c cancels.");
        harness.settleUntilShown("· slow · syncing");
        provider.allow(1);
        harness.settleUntilShown("· 15 msgs · slow · syncing");
        harness.settleUntilShown("Syncing 1 chat");

        harness.press('c');
        harness.settleUntilShown("· 15 msgs · slow · cancelled");
        assertEquals(SyncState.CANCELLED, service.checkpoint(CHAT).orElseThrow().status());

        harness.press('r');
        provider.allow(1_000);
        harness.settleUntilShown("· 45 msgs · slow · complete");
        harness.settleUntilShown("Sync idle");
    }

    @Test
    void cancelWithNoSyncRunning_saysThereIsNothingToCancel_andResumeAsksForTheAmountFirstAsked() {
        harness.press('c');
        harness.settleUntilShown("No sync of Grace is running, so there is nothing to cancel.");

        harness.press('s');
        harness.press(KeyType.Backspace).press(KeyType.Backspace).press(KeyType.Backspace).press('2', '5');
        harness.press(KeyType.Enter);
        harness.settleUntilShown("· slow · syncing");
        harness.press('c');
        harness.settleUntilShown("· slow · cancelled");

        harness.press('c');
        harness.settleUntilShown("No sync of Grace is running, so there is nothing to cancel.");

        harness.press('r');
        harness.settleUntilShown("Started syncing up to 25 older messages of Grace. c cancels.");
        provider.allow(1_000);
        harness.settleUntilShown("· 30 msgs · slow · interrupted");
        List<Integer> asked = archive.read(session -> session.requests().forChat(CHAT)).stream()
                .map(request -> request.maxMessages()).toList();
        assertEquals(List.of(25, 25), asked);
    }

    @Test
    void scrollingAboveTheOldestStoredMessage_loadsOlderHistoryWithAVisibleLoadingState() {
        harness.press(KeyType.Enter);
        assertTrue(harness.text().contains("↑ Scroll up to load older messages from slow"), harness.text());

        harness.pressAndGoOn('k');
        harness.settleUntilShown("⟳ Loading older messages from slow…");

        provider.allow(1_000);
        harness.settleUntilShown("Grace · slow · 45 messages · complete");
        harness.press('g');

        harness.settleUntilShown("· Beginning of the conversation ·");
        assertTrue(harness.text().contains("09:00 Grace: old message 0"), harness.text());
        long stored = archive.read(session -> session.messages().count(CHAT));
        assertEquals(HISTORY, stored);
    }
}

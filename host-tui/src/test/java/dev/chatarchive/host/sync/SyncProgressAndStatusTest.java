package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.GlobalSyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events, progress and the global sync status. */
class SyncProgressAndStatusTest {

    private static final String ALICE = "alice@test";
    private static final String BOB = "bob@test";

    @TempDir
    Path folder;

    private SyncFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void batchStored_isPublishedOnlyAfterTheBatchIsCommitted() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(ALICE, Histories.linear(ALICE, 100)).withPageCap(25);
        fixture = new SyncFixture(folder, provider);
        List<long[]> seen = new CopyOnWriteArrayList<>();
        List<Long> counted = new CopyOnWriteArrayList<>();
        fixture.service.addListener(event -> {
            if (event instanceof SyncEvent.BatchStored stored) {
                // a listener reading the archive (as the UI's cache does) sees what the event reports
                counted.add((long) fixture.heldIds(ALICE).size());
                seen.add(new long[] {stored.newMessages()});
            }
        });

        fixture.sync(ALICE, 10_000, SyncMode.START);

        assertEquals(List.of(25L, 50L, 75L, 100L), counted);
        assertEquals(4, seen.size());
    }

    @Test
    void events_comeInOrder_startedProgressFinished() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(ALICE, Histories.linear(ALICE, 60)).withPageCap(25);
        fixture = new SyncFixture(folder, provider);

        fixture.sync(ALICE, 10_000, SyncMode.START);

        List<SyncEvent> events = new ArrayList<>(fixture.events);
        assertInstanceOf(SyncEvent.Started.class, events.get(0));
        assertInstanceOf(SyncEvent.Finished.class, events.get(events.size() - 1));
        assertEquals(3, fixture.events(SyncEvent.BatchStored.class).size());
        var progress = fixture.events(SyncEvent.ProgressChanged.class);
        assertEquals(3, progress.size());
        assertEquals(100, progress.get(2).chat().percent());
        assertEquals(60, progress.get(2).chat().newMessages());
    }

    @Test
    void progress_usesTheProvidersEstimateAndEstimatesTheTimeLeft() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(ALICE, Histories.linear(ALICE, 100)).withPageCap(25)
                .withEstimates();
        fixture = new SyncFixture(folder, provider);
        // each page takes two seconds of (manual) time
        fixture.service.addListener(event -> {
            if (event instanceof SyncEvent.BatchStored) {
                fixture.clock.advance(Duration.ofSeconds(2));
            }
        });

        fixture.sync(ALICE, 10_000, SyncMode.START);

        var progress = fixture.events(SyncEvent.ProgressChanged.class);
        assertEquals(25, progress.get(0).chat().percent(), "25 of an estimated 100");
        assertEquals(50, progress.get(1).chat().percent());
        ChatProgress second = progress.get(1).chat();
        assertEquals(50, second.remainingMessages());
        assertNotNull(second.remaining(), "after two pages the pace is known");
        assertEquals(Duration.ofSeconds(2), second.remaining(), "50 left at 25 a second");
        assertEquals(1, progress.get(1).overall().activeSyncs());
    }

    @Test
    void progress_withoutAnEstimate_isTheShareOfTheLimit() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(ALICE, Histories.linear(ALICE, 500)).withPageCap(50);
        fixture = new SyncFixture(folder, provider);

        fixture.sync(ALICE, 200, SyncMode.START);

        var progress = fixture.events(SyncEvent.ProgressChanged.class);
        assertEquals(25, progress.get(0).chat().percent());
        assertEquals(75, progress.get(2).chat().percent());
        assertEquals(99, fixture.checkpoint(ALICE).progressPercent(), "100 is kept for a complete history");
    }

    @Test
    void globalStatus_countsEveryNewMessageAndIsIdleAfterwards() throws Exception {
        var provider = new ScriptedProvider("scripted")
                .withChat(ALICE, Histories.linear(ALICE, 40)).withChat(BOB, Histories.linear(BOB, 30)).withPageCap(25);
        fixture = new SyncFixture(folder, provider);

        fixture.sync(ALICE, 10_000, SyncMode.START);
        fixture.sync(BOB, 20, SyncMode.START);

        GlobalSyncStatus status = fixture.service.status();
        assertFalse(status.syncing());
        assertEquals(60, status.messagesSynced());
        assertNotNull(status.lastSyncTime());
        assertNull(status.progressPercent());
        assertFalse(status.latest(), "bob's history is not complete");
    }

    @Test
    void globalStatus_isLatestOnceEveryKnownChatCompleted() throws Exception {
        var provider = new ScriptedProvider("scripted")
                .withChat(ALICE, Histories.linear(ALICE, 40)).withChat(BOB, Histories.linear(BOB, 30)).withPageCap(25);
        fixture = new SyncFixture(folder, provider);

        fixture.sync(BOB, 20, SyncMode.START);
        fixture.sync(ALICE, 10_000, SyncMode.START);
        assertFalse(fixture.service.status().latest(), "bob is known but not complete");
        fixture.sync(BOB, 10_000, SyncMode.RESUME);

        assertTrue(fixture.service.status().latest());
    }

    @Test
    void globalStatus_isSyncingWhileASyncRuns() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(ALICE, Histories.linear(ALICE, 40)).withPageCap(25)
                .onCall(2, new ScriptedProvider.Block());
        fixture = new SyncFixture(folder, provider);
        SyncHandle handle = fixture.service.start(ALICE, 100, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        GlobalSyncStatus during = fixture.service.status();
        provider.release();
        handle.await();

        assertTrue(during.syncing());
        assertEquals(25, during.progressPercent(), "25 of a limit of 100, the only running sync");
        assertFalse(fixture.service.status().syncing());
        assertEquals(SyncState.COMPLETED, fixture.checkpoint(ALICE).status());
    }
}

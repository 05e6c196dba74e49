package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syncing many chats as one queue. */
class BulkSyncTest {

    private static final String ALICE = "alice@test";
    private static final String BOB = "bob@test";
    private static final String CAROL = "carol@test";

    @TempDir
    Path folder;

    private SyncFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static ScriptedProvider threeChats() {
        return new ScriptedProvider("scripted").withPageCap(20)
                .withChat(ALICE, Histories.linear(ALICE, 50))
                .withChat(BOB, Histories.linear(BOB, 30))
                .withChat(CAROL, Histories.linear(CAROL, 45));
    }

    private static Map<String, BulkResult> byChat(List<BulkResult> results) {
        return results.stream().collect(Collectors.toMap(BulkResult::chatId, Function.identity()));
    }

    @Test
    void syncAll_oneFailingChat_doesNotStopTheOthersAndIsReported() throws Exception {
        var provider = threeChats().withFailingChat(BOB, new PermanentProviderException("Bob's export is corrupt."));
        fixture = new SyncFixture(folder, provider);

        var results = byChat(fixture.service.syncAll(null, 10_000, "test").await());

        assertEquals(3, results.size());
        assertEquals(SyncState.COMPLETED, results.get(ALICE).outcome().state());
        assertEquals(SyncState.COMPLETED, results.get(CAROL).outcome().state());
        assertEquals(SyncState.FAILED, results.get(BOB).outcome().state());
        assertTrue(results.get(BOB).needsAttention());
        assertTrue(results.get(BOB).describe().contains("Bob's export is corrupt."));
        assertEquals(50, fixture.heldIds(ALICE).size());
        assertEquals(45, fixture.heldIds(CAROL).size());
    }

    @Test
    void syncAll_aChatThatFillsTheDisk_leavesTheChatsAfterItWaitingInsteadOfMeetingTheSameFullDisk() throws Exception {
        // One lane (chats one after the other); Bob and Carol far bigger than any free page left in the file.
        var provider = new ScriptedProvider("scripted").withPageCap(200).withPolicy(new SyncPolicy(1, Duration.ZERO, 1000))
                .withChat(ALICE, Histories.linear(ALICE, 50))
                .withChat(BOB, Histories.linear(BOB, 3000))
                .withChat(CAROL, Histories.linear(CAROL, 3000));
        fixture = new SyncFixture(folder, provider);
        fixture.sync(ALICE, 10_000, SyncMode.CONTINUE);
        // The archive may not grow any more: SQLite reports SQLITE_FULL, as on a full disk.
        fixture.archive.write(session -> session.handle().createQuery("PRAGMA max_page_count = "
                + session.handle().createQuery("PRAGMA page_count").mapTo(Long.class).one()).mapTo(Long.class).one());

        var results = byChat(fixture.service.syncAll(null, 10_000, "test").await());

        assertEquals(3, results.size());
        // Alice is complete: skipped if her turn came before the disk filled, else not run either.
        assertTrue(List.of(BulkResult.Kind.SKIPPED, BulkResult.Kind.NOT_RUN).contains(results.get(ALICE).kind()));
        // The queue's order is the service's; whichever of the two ran first met the full disk.
        boolean bobFirst = results.get(BOB).kind() == BulkResult.Kind.SYNCED;
        BulkResult first = results.get(bobFirst ? BOB : CAROL);
        BulkResult second = results.get(bobFirst ? CAROL : BOB);
        assertTrue(first.stoppedByFullDisk(), first.describe());
        assertTrue(first.describe().contains("because the disk is full"), first.describe());
        assertEquals(BulkResult.Kind.NOT_RUN, second.kind(), second.describe());
        assertTrue(second.needsAttention());
        assertEquals("The sync of " + second.chatId() + " did not start: the disk filled up during the sync of "
                + first.chatId() + " and would stop it too. It runs with the next sync --all once there is room.",
                second.describe());
        assertEquals(SyncState.NOT_STARTED, fixture.service.checkpoint(second.chatId()).map(SyncCheckpoint::status)
                .orElse(SyncState.NOT_STARTED), "nothing was started for a chat that did not run");
    }

    @Test
    void syncAll_aFailedChat_canBeRetriedAloneLater() throws Exception {
        var provider = threeChats().withFailingChat(BOB, new PermanentProviderException("Bob's export is corrupt."));
        fixture = new SyncFixture(folder, provider);
        fixture.service.syncAll(null, 10_000, "test").await();
        provider.heal(BOB);

        SyncOutcome retried = fixture.sync(BOB, 10_000, SyncMode.RESTART);

        assertEquals(SyncState.COMPLETED, retried.state());
        assertEquals(30, fixture.heldIds(BOB).size());
        assertEquals(SyncState.COMPLETED, fixture.checkpoint(ALICE).status());
    }

    @Test
    void syncAll_keepsTheProvidersPolicy_oneRequestAtATimeWithAPause() throws Exception {
        var provider = threeChats().withPolicy(new SyncPolicy(1, Duration.ofSeconds(3), 20));
        fixture = new SyncFixture(folder, provider);

        fixture.service.syncAll(null, 10_000, "test").await();

        assertEquals(1, provider.mostConcurrentCalls());
        int calls = provider.calls();
        assertEquals(3 + 2 + 3, calls, "pages of 20: 50, 30 and 45 messages");
        assertEquals(calls - 1, fixture.clock.sleeps().size(), "a pause before every call but the first");
        assertTrue(fixture.clock.sleeps().stream().allMatch(pause -> pause.equals(Duration.ofSeconds(3))));
    }

    @Test
    void syncChats_aChatWaitingForThePhone_holdsUpNoChatReadUnderAnotherPolicy() throws Exception {
        SyncPolicy phone = new SyncPolicy(1, Duration.ofSeconds(3), 20);
        var provider = threeChats().withPolicy(phone).withChatPolicy(ALICE, phone)
                .withChatPolicy(BOB, SyncPolicy.LOCAL_SOURCE).withChatPolicy(CAROL, SyncPolicy.LOCAL_SOURCE)
                .withBlockingChat(ALICE);
        fixture = new SyncFixture(folder, provider);

        BulkSync bulk = fixture.service.syncChats(List.of(ALICE, BOB, CAROL), 10_000, "test");
        try {
            assertTrue(provider.awaitBlocked(Duration.ofSeconds(30)), "Alice's request reached the phone");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(completed(BOB) && completed(CAROL)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(completed(BOB), "Bob's sync is stuck behind Alice's phone");
            assertTrue(completed(CAROL), "Carol's sync is stuck behind Alice's phone");
            assertEquals(30, fixture.heldIds(BOB).size());
            assertEquals(45, fixture.heldIds(CAROL).size());
        } finally {
            provider.release();
        }
        var results = byChat(bulk.await());
        assertEquals(SyncState.COMPLETED, results.get(ALICE).outcome().state());
        assertEquals(50, fixture.heldIds(ALICE).size());
    }

    private boolean completed(String chatId) {
        return fixture.service.checkpoint(chatId).map(c -> c.status() == SyncState.COMPLETED).orElse(false);
    }

    @Test
    void syncAll_allowsAsManyChatsAtOnceAsThePolicy() throws Exception {
        var provider = threeChats().withPolicy(new SyncPolicy(2, Duration.ZERO, 20)).withDelay(Duration.ofMillis(40));
        fixture = new SyncFixture(folder, provider);

        fixture.service.syncAll(null, 10_000, "test").await();

        assertTrue(provider.mostConcurrentCalls() <= 2);
    }

    @Test
    void syncAll_skipsCompleteChatsAndResumesStoppedOnes() throws Exception {
        var provider = threeChats();
        fixture = new SyncFixture(folder, provider);
        fixture.sync(ALICE, 10_000, SyncMode.START);
        fixture.sync(BOB, 10, SyncMode.START);

        var results = byChat(fixture.service.syncAll(null, 10_000, "test").await());

        // Alice is complete: skipped if her turn came before the disk filled, else not run either.
        assertTrue(List.of(BulkResult.Kind.SKIPPED, BulkResult.Kind.NOT_RUN).contains(results.get(ALICE).kind()));
        assertFalse(results.get(ALICE).needsAttention());
        assertEquals(SyncState.COMPLETED, results.get(BOB).outcome().state());
        assertEquals(20, results.get(BOB).outcome().newMessages(), "resumed after the first 10");
        assertEquals(SyncState.COMPLETED, results.get(CAROL).outcome().state());
        assertTrue(fixture.service.status().latest());
    }

    @Test
    void syncChats_anUnknownChat_isReportedWhileTheOthersRun() throws Exception {
        fixture = new SyncFixture(folder, threeChats());

        var results = byChat(fixture.service.syncChats(List.of(ALICE, "nobody@test"), 10_000, "test").await());

        assertEquals(BulkResult.Kind.REFUSED, results.get("nobody@test").kind());
        assertEquals(SyncState.COMPLETED, results.get(ALICE).outcome().state());
    }

    @Test
    void cancel_stopsTheRunningChatAndSkipsTheRest() throws Exception {
        var provider = threeChats().withPolicy(new SyncPolicy(1, Duration.ZERO, 20))
                .onCall(2, new ScriptedProvider.Block());
        fixture = new SyncFixture(folder, provider);
        BulkSync bulk = fixture.service.syncAll(null, 10_000, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        bulk.cancel();

        var results = bulk.await();
        assertEquals(3, results.size());
        assertEquals(1, results.stream().filter(r -> r.kind() == BulkResult.Kind.SYNCED
                && r.outcome().state() == SyncState.CANCELLED).count());
        assertEquals(2, results.stream().filter(r -> r.kind() == BulkResult.Kind.NOT_RUN).count());
    }
}

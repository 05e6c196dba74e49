package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that dies mid-sync loses nothing and doubles nothing. The dead process is simulated by
 * abandoning a service whose provider call never returns: its thread stays parked forever (it is a
 * daemon, and its call timeout is longer than the test run), the archive's lock is released as the
 * OS would release it, and a new service opens the archive as the next process would.
 */
class SyncCrashSafetyTest {

    private static final String CHAT = "alice@test";

    @TempDir
    Path folder;

    private SyncFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private SyncFixture givenAbandonedMidPage(ScriptedProvider provider) throws Exception {
        fixture = new SyncFixture(folder, provider);
        fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));
        fixture.abandonAndReopen();
        return fixture;
    }

    @Test
    void startAfterACrash_turnsTheRunningSyncIntoInterruptedCrashed() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCall(3, new ScriptedProvider.BlockIgnoringInterrupts());

        givenAbandonedMidPage(provider);

        SyncCheckpoint checkpoint = fixture.checkpoint(CHAT);
        assertEquals(SyncState.INTERRUPTED, checkpoint.status());
        assertEquals(StopReason.CRASHED, checkpoint.stopReason());
        assertEquals(40, checkpoint.messagesSynced());
        assertEquals("m0061", checkpoint.lastMessageId());
        assertFalse(fixture.service.status().syncing());
    }

    @Test
    void resumeAfterACrash_storesExactlyTheHistory() throws Exception {
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(3, new ScriptedProvider.BlockIgnoringInterrupts());
        givenAbandonedMidPage(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.RESUME);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals(100, fixture.checkpoint(CHAT).messagesSynced(), "no message counted twice");
        long rows = fixture.archive.read(session -> session.handle()
                .createQuery("SELECT count(*) FROM messages WHERE chat_jid = :chat").bind("chat", CHAT)
                .mapTo(Long.class).one());
        assertEquals(100, rows);
    }

    @Test
    void resumeAfterACrashDuringTheFirstPage_startsFromTheNewest() throws Exception {
        var history = Histories.linear(CHAT, 70);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(1, new ScriptedProvider.BlockIgnoringInterrupts());
        givenAbandonedMidPage(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.RESUME);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
    }
}

package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.sync.SyncRefusedException.Why;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling, shutting down, and two requests racing for one chat. */
class SyncCancelTest {

    private static final String CHAT = "alice@test";
    /** The promise is one second; the margin absorbs a loaded build machine. */
    private static final Duration CANCEL_BOUND = Duration.ofSeconds(2);

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
    void cancel_inTheMiddleOfASlowProviderCall_leavesTheChatCancelledPromptly() throws Exception {
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(3, new ScriptedProvider.Block());
        fixture = new SyncFixture(folder, provider);
        SyncHandle handle = fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        handle.cancel();

        var outcome = handle.await(CANCEL_BOUND);
        assertTrue(outcome.isPresent(), "the sync did not stop within " + CANCEL_BOUND);
        assertEquals(SyncState.CANCELLED, outcome.get().state());
        assertEquals(SyncState.CANCELLED, fixture.checkpoint(CHAT).status());
        assertEquals(40, fixture.checkpoint(CHAT).messagesSynced(), "the pages stored before the cancel stay");
        assertEquals(40, fixture.heldIds(CHAT).size());
    }

    @Test
    void cancel_ofAProviderThatIgnoresInterrupts_stillReturnsPromptly() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCall(2, new ScriptedProvider.BlockIgnoringInterrupts());
        fixture = new SyncFixture(folder, provider);
        SyncHandle handle = fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        fixture.service.cancel(CHAT);

        var outcome = handle.await(CANCEL_BOUND);
        assertTrue(outcome.isPresent(), "the sync did not stop within " + CANCEL_BOUND);
        assertEquals(SyncState.CANCELLED, fixture.checkpoint(CHAT).status());
        provider.release();
    }

    @Test
    void cancel_duringABackoffWait_stopsWaiting() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCalls(2, 100, new ScriptedProvider.Fail(new RetryableProviderException("The phone is offline.")));
        fixture = new SyncFixture(folder, provider);
        fixture.withSettings(fixture.settings().withSleeper(Sleeper.SYSTEM)
                .withRetry(new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1))));
        var backingOff = new CountDownLatch(1);
        fixture.service.addListener(event -> {
            if (event instanceof SyncEvent.Retrying) {
                backingOff.countDown();
            }
        });
        SyncHandle handle = fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        assertTrue(backingOff.await(5, TimeUnit.SECONDS));

        handle.cancel();

        var outcome = handle.await(CANCEL_BOUND);
        assertTrue(outcome.isPresent(), "the sync did not stop its minute-long backoff");
        assertEquals(SyncState.CANCELLED, outcome.get().state());
    }

    @Test
    void resume_afterACancel_completesWithExactlyTheHistory() throws Exception {
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(3, new ScriptedProvider.Block());
        fixture = new SyncFixture(folder, provider);
        SyncHandle handle = fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));
        handle.cancel();
        handle.await();

        SyncOutcome resumed = fixture.sync(CHAT, 10_000, SyncMode.RESUME);

        assertEquals(SyncState.COMPLETED, resumed.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals(100, fixture.checkpoint(CHAT).messagesSynced());
    }

    @Test
    void close_whileSyncing_leavesTheChatInterruptedForShutdown() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCall(2, new ScriptedProvider.Block());
        fixture = new SyncFixture(folder, provider);
        SyncHandle handle = fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        fixture.reopen();

        assertTrue(handle.isDone());
        var checkpoint = fixture.checkpoint(CHAT);
        assertEquals(SyncState.INTERRUPTED, checkpoint.status());
        assertEquals(StopReason.SHUTDOWN, checkpoint.stopReason());
    }

    @Test
    void start_twoRequestsForOneChatAtOnce_exactlyOneRuns() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCall(1, new ScriptedProvider.Block());
        fixture = new SyncFixture(folder, provider);
        int racers = 4;
        var ready = new CountDownLatch(racers);
        var go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        List<Future<SyncHandle>> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                attempts.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return fixture.service.start(CHAT, 10_000, SyncMode.CONTINUE, "racer");
                }));
            }
            ready.await();
            go.countDown();
            List<SyncHandle> accepted = new ArrayList<>();
            int refused = 0;
            for (Future<SyncHandle> attempt : attempts) {
                try {
                    accepted.add(attempt.get(10, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    var refusal = (SyncRefusedException) e.getCause();
                    assertEquals(Why.ALREADY_SYNCING, refusal.why());
                    refused++;
                }
            }

            assertEquals(1, accepted.size());
            assertEquals(racers - 1, refused);
            provider.release();
            assertEquals(SyncState.COMPLETED, accepted.get(0).await().state());
            assertEquals(1, fixture.archive.read(session -> session.requests().forChat(CHAT)).size());
        } finally {
            threads.shutdownNow();
        }
    }
}

package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run asks for its next page while it stores the page before it (see {@link SyncRun}): what that
 * overlap may and may not change. The overlap is made certain, not hoped for: the test holds the
 * archive's writer while a page waits to be stored, and sees whether the next page is asked for
 * meanwhile (one page at a time, it never would be).
 */
class SyncAheadTest {

    private static final String CHAT = "alice@test";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    private SyncFixture fixture;
    private final AtomicReference<WriterHold> hold = new AtomicReference<>();

    @AfterEach
    void close() throws InterruptedException {
        if (hold.get() != null) {
            hold.get().close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Holds the archive's writer on a thread of its own until closed, so the run's next write waits for it. */
    private final class WriterHold implements AutoCloseable {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread thread;

        WriterHold() throws InterruptedException {
            thread = new Thread(() -> fixture.archive.write(session -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }), "test-writer-hold");
            thread.start();
            assertTrue(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the test could not take the writer");
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }

    /** On the provider's first call, take the archive's writer before answering: the first page's write then waits. */
    private ScriptedProvider.Before holdTheWriter() {
        return new ScriptedProvider.Before(() -> hold.set(new WriterHold()));
    }

    @Test
    void theNextPage_isAskedFor_whileThePageBeforeItIsStored() throws Exception {
        var history = Histories.linear(CHAT, 100);
        CountDownLatch secondAsked = new CountDownLatch(1);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(1, holdTheWriter())
                .onCall(2, new ScriptedProvider.Before(secondAsked::countDown));
        fixture = new SyncFixture(folder, provider);

        SyncHandle handle = fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        boolean askedWhileStoring = secondAsked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        int heldWhenAsked = fixture.heldIds(CHAT).size();
        hold.get().close();
        SyncOutcome outcome = handle.await();

        assertTrue(askedWhileStoring, "page 2 was not asked for while page 1 waited to be stored");
        assertEquals(0, heldWhenAsked, "page 2 was asked for before page 1 was stored");
        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals(100, fixture.checkpoint(CHAT).messagesSynced());
        // The same requests as one page at a time: each from the oldest message of the page before, none more.
        List<HistoryRequest> requests = provider.requests();
        assertEquals(5, requests.size(), "pages asked: " + requests);
        assertEquals(null, requests.get(0).cursor());
        for (int page = 1; page < 5; page++) {
            assertEquals(String.format("m%04d", 101 - 20 * page), requests.get(page).cursor().messageId());
            assertEquals(requests.get(0).limit(), requests.get(page).limit());
        }
        // Each page is reported after it is stored, in order, and the run's end last.
        assertEquals(List.of(20L, 40L, 60L, 80L, 100L), fixture.events(SyncEvent.ProgressChanged.class).stream()
                .map(changed -> changed.chat().newMessages()).toList());
        assertTrue(fixture.events.get(fixture.events.size() - 1) instanceof SyncEvent.Finished);
    }

    @Test
    void cancel_whileTheNextPageIsAskedAhead_storesThePageBeforeIt_dropsTheNext_andResumesFromThere() throws Exception {
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(1, holdTheWriter())
                .onCall(2, new ScriptedProvider.Block());
        fixture = new SyncFixture(folder, provider);

        SyncHandle handle = fixture.service.start(CHAT, 10_000, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(WAIT), "page 2 was not asked for while page 1 waited to be stored");
        handle.cancel();
        hold.get().close(); // page 1's write goes on: a write is never stopped half-way
        SyncOutcome outcome = handle.await(WAIT).orElseThrow();

        assertEquals(SyncState.CANCELLED, outcome.state());
        assertEquals(SyncState.CANCELLED, fixture.checkpoint(CHAT).status());
        assertEquals(20, fixture.checkpoint(CHAT).messagesSynced(), "the page fetched before the cancel is stored");
        assertEquals("m0081", fixture.checkpoint(CHAT).lastMessageId());
        assertEquals(SyncFixture.ids(history.subList(80, 100)), fixture.heldIds(CHAT), "nothing of page 2 is stored");
        assertTrue(provider.awaitInterruptedCall(WAIT), "the call for page 2 was not interrupted");
        assertEquals(2, provider.calls());

        SyncOutcome resumed = fixture.sync(CHAT, 10_000, SyncMode.RESUME);
        assertEquals(SyncState.COMPLETED, resumed.state());
        assertEquals(80, resumed.newMessages());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals("m0081", provider.requests().get(2).cursor().messageId(), "the resume asks from page 1's oldest");
    }

    @Test
    void noPageIsAskedAhead_thatTheSyncMayNotWant() throws Exception {
        var provider = new ScriptedProvider("scripted").withPageCap(20)
                .withChat(CHAT, Histories.linear(CHAT, 100))
                .withChat("bob@test", Histories.linear("bob@test", 40));
        fixture = new SyncFixture(folder, provider);

        // At 40 of 40 wanted the second page may reach the limit: the third is never asked.
        SyncOutcome limited = fixture.sync(CHAT, 40, SyncMode.START);
        assertEquals(SyncState.INTERRUPTED, limited.state());
        assertEquals(StopReason.LIMIT_REACHED, limited.stopReason());
        assertEquals(2, provider.calls());
        // The page that ends history is the last asked.
        SyncOutcome whole = fixture.sync("bob@test", 10_000, SyncMode.START);
        assertEquals(SyncState.COMPLETED, whole.state());
        assertEquals(4, provider.calls());
        assertFalse(fixture.service.isSyncing(CHAT));
    }

    @Test
    void aFailureOfThePageAskedAhead_isReportedAndRetried_afterThePageBeforeIt() throws Exception {
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(2, new ScriptedProvider.Fail(new RetryableProviderException("the phone is busy")))
                .onCall(4, new ScriptedProvider.Fail(new PermanentProviderException("the chat is gone")));
        fixture = new SyncFixture(folder, provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        // Call 2 (page 2, asked ahead) failed and was retried as call 3; call 4 (page 3) failed for good.
        assertEquals(SyncState.FAILED, outcome.state());
        assertEquals(40, outcome.newMessages());
        assertEquals(40, fixture.checkpoint(CHAT).messagesSynced());
        assertEquals("the chat is gone", fixture.checkpoint(CHAT).errorMessage());
        List<String> order = fixture.events.stream().map(SyncAheadTest::describe).toList();
        assertEquals(List.of("started", "stored 20", "progress 20", "retrying 1", "stored 20", "progress 40", "finished"),
                order);
    }

    @Test
    void anImport_asksForTheNextChatsFirstPage_whileTheLastPageOfTheChatBeforeIsStored() throws Exception {
        var alice = Histories.linear(CHAT, 40);
        var bob = Histories.linear("bob@test", 30);
        CountDownLatch bobAsked = new CountDownLatch(1);
        var provider = new ScriptedProvider("files").withPageCap(20).withChat(CHAT, alice).withChat("bob@test", bob)
                .onCall(3, new ScriptedProvider.Before(bobAsked::countDown));
        Path export = java.nio.file.Files.writeString(folder.resolve("chats.export"), "a stand-in export");
        fixture = new SyncFixture(folder, new SourceImportTest.ImportingProvider(provider));
        // Once alice's first page is stored, the test takes the writer: her last page then waits to be stored.
        fixture.service.addListener(event -> {
            if (event instanceof SyncEvent.BatchStored stored && stored.chatId().equals(CHAT) && stored.newMessages() == 20
                    && hold.get() == null) {
                try {
                    hold.set(new WriterHold());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        var imported = new java.util.concurrent.CompletableFuture<List<SourceImport.FileResult>>();
        Thread importing = new Thread(() -> {
            try {
                imported.complete(new SourceImport(fixture.service).run(List.of(export),
                        dev.chatarchive.api.ImportOptions.NONE, SourceImport.Listener.NONE));
            } catch (Throwable e) {
                imported.completeExceptionally(e);
            }
        }, "test-import");
        importing.start();

        boolean askedWhileStoring = bobAsked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        int aliceHeldWhenAsked = fixture.heldIds(CHAT).size();
        while (hold.get() == null) {
            Thread.onSpinWait(); // the listener takes the writer before alice's last page is fetched
        }
        hold.get().close();
        List<SourceImport.FileResult> results = imported.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertTrue(askedWhileStoring, "bob's first page was not asked for while alice's last page waited to be stored");
        assertEquals(20, aliceHeldWhenAsked, "bob's first page was asked for after alice's last page was stored");
        assertTrue(results.get(0).fine(), results.toString());
        assertEquals(SyncFixture.ids(alice), fixture.heldIds(CHAT));
        assertEquals(SyncFixture.ids(bob), fixture.heldIds("bob@test"));
        // Bob's first page was asked once, and used: the same requests as one run after the other.
        List<HistoryRequest> requests = provider.requests();
        assertEquals(4, requests.size(), "pages asked: " + requests);
        assertEquals("bob@test", requests.get(2).chatId());
        assertEquals(null, requests.get(2).cursor());
        assertEquals("m0011", requests.get(3).cursor().messageId());
        // Alice's run is reported ended before bob's starts.
        List<String> order = fixture.events.stream()
                .filter(event -> event instanceof SyncEvent.Started || event instanceof SyncEvent.Finished)
                .map(event -> describe(event) + " " + event.chatId()).toList();
        assertEquals(List.of("started " + CHAT, "finished " + CHAT, "started bob@test", "finished bob@test"), order);
    }

    @Test
    void aFirstPageAskedAhead_thatIsNotTheRequestTheRunMakes_isDropped() throws Exception {
        var history = Histories.linear(CHAT, 30);
        CountDownLatch askedAhead = new CountDownLatch(1);
        var provider = new ScriptedProvider("scripted").withPageCap(20).withChat(CHAT, history)
                .onCall(1, new ScriptedProvider.Before(askedAhead::countDown));
        fixture = new SyncFixture(folder, provider);
        fixture.archive.write(session -> {
            session.chats().upsert("scripted", provider.listChats().get(0));
            return null;
        });

        // Asked for as a run of 10,000 would ask; the run that starts wants 5 messages only.
        fixture.service.askFirstPageAhead(CHAT, 10_000, SourceImport::modeFor);
        assertTrue(askedAhead.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the first page was not asked ahead");
        SyncOutcome outcome = fixture.sync(CHAT, 5, SyncMode.START);

        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertEquals(5, outcome.newMessages());
        assertEquals(SyncFixture.ids(history.subList(25, 30)), fixture.heldIds(CHAT));
        List<HistoryRequest> requests = provider.requests();
        assertEquals(2, requests.size(), "pages asked: " + requests);
        assertEquals(1000, requests.get(0).limit(), "asked ahead as a run of 10,000 would ask");
        assertEquals(5, requests.get(1).limit(), "the run asked its own page");
    }

    private static String describe(SyncEvent event) {
        if (event instanceof SyncEvent.Started) {
            return "started";
        }
        if (event instanceof SyncEvent.BatchStored stored) {
            return "stored " + stored.newMessages();
        }
        if (event instanceof SyncEvent.ProgressChanged changed) {
            return "progress " + changed.chat().newMessages();
        }
        if (event instanceof SyncEvent.Retrying retrying) {
            return "retrying " + retrying.failedAttempts();
        }
        if (event instanceof SyncEvent.Finished) {
            return "finished";
        }
        return event.getClass().getSimpleName();
    }
}

package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.api.SyncPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderCallerTest {

    private static final String CHAT = "alice@test";

    private ProviderCaller caller;

    private ProviderCaller callerFor(ScriptedProvider provider, Duration turnTimeout) {
        caller = new ProviderCaller(provider,
                new ProviderThrottle(provider.syncPolicy(), Clock.systemUTC(), Sleeper.SYSTEM), turnTimeout);
        return caller;
    }

    @AfterEach
    void closeCaller() {
        if (caller != null) {
            caller.close();
        }
    }

    @Test
    void fetch_returnsTheProvidersPage() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10));

        var page = callerFor(provider, Duration.ofSeconds(5)).fetch(HistoryRequest.older(CHAT, null, 4));

        assertEquals(4, page.messages().size());
    }

    @Test
    void fetch_passesTypedFailuresThrough() {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.Fail(new RetryableProviderException("The phone is offline.")));

        var failure = assertThrows(RetryableProviderException.class,
                () -> callerFor(provider, Duration.ofSeconds(5)).fetch(HistoryRequest.older(CHAT, null, 4)));
        assertEquals("The phone is offline.", failure.getMessage());
    }

    @Test
    void fetch_leavesTypingAnUntypedFailureToThePluginGuard() {
        // given a provider that is not behind the plugin guard and has a bug
        var bug = new IllegalStateException("boom");
        var broken = new ScriptedProvider("broken").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.Crash(bug));

        // then the caller passes the bug on as it is: it neither wraps nor retypes it
        var thrown = assertThrows(IllegalStateException.class,
                () -> callerFor(broken, Duration.ofSeconds(5)).fetch(HistoryRequest.older(CHAT, null, 4)));
        assertSame(bug, thrown);
    }

    @Test
    void fetch_interruptingTheCallerStopsWaitingEvenIfTheProviderIgnoresInterrupts() throws Exception {
        // given a provider stuck in a call that swallows interrupts
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.BlockIgnoringInterrupts());
        var fetcher = callerFor(provider, Duration.ofMinutes(5));
        Fetch fetch = fetchOnAThreadOfItsOwn(fetcher);
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        // when the worker is interrupted
        fetch.worker().interrupt();

        // then it gives up waiting promptly (generous bound; the promise is one second)
        Throwable thrown = fetch.outcome().get(5, TimeUnit.SECONDS);
        assertInstanceOf(InterruptedException.class, thrown);
        provider.release();
    }

    @Test
    void fetch_requestsUnderAnotherPolicyNeverWaitForAStuckCall_andKeepTheirOwnPageSize() throws Exception {
        // given a provider whose phone chat allows one call at a time, 50 a page, stuck in its call,
        // and whose file chat has no limits worth speaking of
        String phone = "phone@test";
        String file = "file@test";
        SyncPolicy phonePolicy = new SyncPolicy(1, Duration.ofSeconds(3), 50);
        var provider = new ScriptedProvider("scripted").withChat(phone, Histories.linear(phone, 10))
                .withChat(file, Histories.linear(file, 300)).withPolicy(phonePolicy)
                .withChatPolicy(file, SyncPolicy.LOCAL_SOURCE)
                .onCall(1, new ScriptedProvider.Block());
        var fetcher = callerFor(provider, Duration.ofSeconds(30));
        var stuck = CompletableFuture.supplyAsync(() -> {
            try {
                return fetcher.fetch(HistoryRequest.older(phone, null, 4));
            } catch (Exception e) {
                return null;
            }
        });
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        // when the file chat asks for its pages
        int size = fetcher.pageSize(HistoryRequest.older(file, null, 5000));
        var page = fetcher.fetch(HistoryRequest.older(file, null, size));

        // then they run at once, at the file's page size, under a throttle of their own
        assertEquals(1000, size);
        assertEquals(300, page.messages().size());
        assertEquals(50, fetcher.pageSize(HistoryRequest.older(phone, null, 5000)));
        assertTrue(fetcher.throttleFor(HistoryRequest.older(file, null, 1))
                != fetcher.throttleFor(HistoryRequest.older(phone, null, 1)));
        provider.release();
        stuck.get(5, TimeUnit.SECONDS);
    }

    @Test
    void fetch_aStuckCallKeepsItsPermitSoTheProviderIsNotCalledTwiceAtOnce() throws Exception {
        // given a provider allowing one call at a time, stuck ignoring interrupts in the first call,
        // whose caller has stopped waiting
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .withPolicy(new SyncPolicy(1, Duration.ZERO, 50))
                .onCall(1, new ScriptedProvider.BlockIgnoringInterrupts());
        var fetcher = callerFor(provider, Duration.ofMinutes(5));
        abandonAStuckCall(fetcher, provider);

        // when another page is asked for while the first call is still stuck
        var second = CompletableFuture.supplyAsync(() -> {
            try {
                return fetcher.fetch(HistoryRequest.older(CHAT, null, 4)).messages().size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // then it waits for its turn, and runs once the stuck call ends
        assertThrows(java.util.concurrent.TimeoutException.class, () -> second.get(200, TimeUnit.MILLISECONDS));
        assertEquals(1, provider.calls());
        provider.release();
        assertEquals(4, second.get(5, TimeUnit.SECONDS));
        assertEquals(1, provider.mostConcurrentCalls());
    }

    @Test
    void fetch_aProviderWhosePermitsAreStuckForeverReportsItselfBusy() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .withPolicy(new SyncPolicy(1, Duration.ZERO, 50))
                .onCall(1, new ScriptedProvider.BlockIgnoringInterrupts());
        var fetcher = callerFor(provider, Duration.ofMillis(100));
        abandonAStuckCall(fetcher, provider);

        var failure = assertThrows(RetryableProviderException.class,
                () -> fetcher.fetch(HistoryRequest.older(CHAT, null, 4)));

        assertTrue(failure.getMessage().contains("busy"), failure.getMessage());
        provider.release();
    }

    /** A fetch on a thread of its own; its outcome is null, or what the fetch threw. */
    private record Fetch(Thread worker, CompletableFuture<Throwable> outcome) {
    }

    private static Fetch fetchOnAThreadOfItsOwn(ProviderCaller fetcher) {
        var outcome = new CompletableFuture<Throwable>();
        Thread worker = new Thread(() -> {
            try {
                fetcher.fetch(HistoryRequest.older(CHAT, null, 4));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        worker.start();
        return new Fetch(worker, outcome);
    }

    /** The first call gets stuck ignoring interrupts, and its caller is interrupted and stops waiting. */
    private void abandonAStuckCall(ProviderCaller fetcher, ScriptedProvider provider) throws Exception {
        Fetch stuck = fetchOnAThreadOfItsOwn(fetcher);
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));
        stuck.worker().interrupt();
        assertInstanceOf(InterruptedException.class, stuck.outcome().get(5, TimeUnit.SECONDS));
    }
}

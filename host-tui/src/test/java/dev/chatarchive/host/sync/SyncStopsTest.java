package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.plugin.FixtureAccess;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a sync run stops, driven by the scripted provider against a real archive. */
class SyncStopsTest {

    private static final String CHAT = "alice@test";

    @TempDir
    Path folder;

    private SyncFixture fixture;

    private SyncFixture given(ScriptedProvider provider) {
        fixture = new SyncFixture(folder, provider);
        return fixture;
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void sync_endOfHistory_completesWithEveryMessageAndTheOldestAsCursor() throws Exception {
        var history = Histories.linear(CHAT, 230);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(50);
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(230, outcome.newMessages());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        SyncCheckpoint checkpoint = fixture.checkpoint(CHAT);
        assertEquals(SyncState.COMPLETED, checkpoint.status());
        assertEquals(230, checkpoint.messagesSynced());
        assertEquals("m0001", checkpoint.lastMessageId());
        assertEquals(history.get(0).timestamp(), checkpoint.lastTimestamp());
        assertEquals(100, checkpoint.progressPercent());
        assertNotNull(checkpoint.completedAt());
        assertEquals(5, provider.calls(), "230 messages in pages of 50");
    }

    @Test
    void sync_firstRequest_asksForTheNewestMessagesThenPagesBackFromTheOldestStored() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 120)).withPageCap(50);
        given(provider);

        fixture.sync(CHAT, 10_000, SyncMode.START);

        var requests = provider.requests();
        assertNull(requests.get(0).cursor());
        assertEquals("m0071", requests.get(1).cursor().messageId());
        assertEquals("m0021", requests.get(2).cursor().messageId());
    }

    @Test
    void sync_endSaidOnlyOnAnEmptyPage_completes() throws Exception {
        var history = Histories.linear(CHAT, 100);
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(50).withEndOnlyOnEmptyPage());

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
    }

    @Test
    void sync_maxReachedWhileMoreHistoryExists_isInterruptedWithLimitReached() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 300)).withPageCap(50);
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 120, SyncMode.START);

        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertEquals(StopReason.LIMIT_REACHED, outcome.stopReason());
        assertEquals(120, outcome.newMessages());
        SyncCheckpoint checkpoint = fixture.checkpoint(CHAT);
        assertEquals(SyncState.INTERRUPTED, checkpoint.status());
        assertEquals(StopReason.LIMIT_REACHED, checkpoint.stopReason());
        assertEquals(120, checkpoint.messagesSynced());
        assertEquals("m0181", checkpoint.lastMessageId());
        assertEquals(120, fixture.heldIds(CHAT).size());
        assertEquals(20, provider.requests().get(2).limit(), "the last page asks only for what the limit leaves");
    }

    @Test
    void sync_maxReachedExactlyAtTheEnd_completes() throws Exception {
        given(new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(50));

        SyncOutcome outcome = fixture.sync(CHAT, 100, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
    }

    @Test
    void resume_afterLimitReached_continuesFromTheCursorToTheEnd() throws Exception {
        var history = Histories.linear(CHAT, 300);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(50);
        given(provider);
        fixture.sync(CHAT, 120, SyncMode.START);

        SyncOutcome resumed = fixture.sync(CHAT, 10_000, SyncMode.RESUME);

        assertEquals(SyncState.COMPLETED, resumed.state());
        assertEquals(180, resumed.newMessages());
        assertEquals(300, fixture.checkpoint(CHAT).messagesSynced());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals("m0181", provider.requests().get(3).cursor().messageId(), "resumed from the checkpoint's cursor");
    }

    @Test
    void sync_duplicatesFromTheProvider_areStoredOnceAndNotCounted() throws Exception {
        var history = Histories.linear(CHAT, 90);
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(40).withRepeatedMessagesInPages());

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(90, outcome.newMessages());
        assertEquals(90, fixture.checkpoint(CHAT).messagesSynced());
        assertEquals(90, fixture.heldIds(CHAT).size());
    }

    @Test
    void sync_messagesAlreadyHeld_areNotCountedAsSynced() throws Exception {
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(30);
        given(provider);
        // given the archive already holds the newest 10 and, from elsewhere, 5 old ones
        fixture.preload("scripted", history.subList(90, 100));
        fixture.preload("scripted", history.subList(20, 25));

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        // a fresh sync starts from the oldest message held (m0021), so only older history is fetched
        assertEquals("m0021", provider.requests().get(0).cursor().messageId());
        assertEquals(20, outcome.newMessages());
        assertEquals(20, fixture.checkpoint(CHAT).messagesSynced());
    }

    @Test
    void sync_invalidMessages_areSkippedAndCountedWithoutStoppingTheSync() throws Exception {
        List<HistoricalMessage> history = new ArrayList<>(Histories.linear(CHAT, 60));
        history.set(10, Histories.message(CHAT, 11, Instant.parse("2001-01-01T00:00:00Z")));
        history.set(40, Histories.message(CHAT, 41, SyncFixture.NOW.plus(Duration.ofDays(30))));
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(25));

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(58, outcome.newMessages());
        assertEquals(2, outcome.skippedMessages());
        assertEquals(58, fixture.heldIds(CHAT).size());
        assertTrue(!fixture.heldIds(CHAT).contains("m0011") && !fixture.heldIds(CHAT).contains("m0041"));
    }

    @Test
    void sync_aPageOfOnlyInvalidMessages_movesPastThemAndKeepsTheCursorOnAStoredMessage() throws Exception {
        List<HistoricalMessage> history = new ArrayList<>(Histories.linear(CHAT, 30));
        for (int i = 10; i < 20; i++) {
            history.set(i, Histories.message(CHAT, i + 1, Instant.parse("2001-01-01T00:00:00Z").plusSeconds(i)));
        }
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(10));

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(20, outcome.newMessages());
        assertEquals(10, outcome.skippedMessages());
        assertEquals("m0001", fixture.checkpoint(CHAT).lastMessageId());
    }

    @Test
    void sync_messagesOfAnotherChat_areDropped() throws Exception {
        List<HistoricalMessage> history = new ArrayList<>(Histories.linear(CHAT, 40));
        history.add(20, Histories.message("mallory@test", 999, Histories.START.plusSeconds(20 * 60 + 1)));
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(15));

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(40, outcome.newMessages());
        assertEquals(1, outcome.skippedMessages());
        assertTrue(fixture.heldIds("mallory@test").isEmpty());
    }

    @Test
    void sync_outOfOrderTimestamps_storeEveryMessage() throws Exception {
        List<HistoricalMessage> history = new ArrayList<>(Histories.linear(CHAT, 60));
        // a message whose phone clock ran an hour behind, in the middle of a page
        history.set(35, Histories.message(CHAT, 36, history.get(35).timestamp().minus(Duration.ofHours(1))));
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(10));

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
    }

    @Test
    void sync_pagesWhoseTimestampsGoForward_warnAndStillComplete() throws Exception {
        // given a chat whose older half carries later timestamps than its newer half (a phone's clock was wrong)
        List<HistoricalMessage> history = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Instant at = i <= 10 ? Instant.parse("2022-05-01T00:00:00Z").plusSeconds(i) : Histories.START.plusSeconds(i);
            history.add(Histories.message(CHAT, i, at));
        }
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(10));
        var warnings = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SyncRun.class);
        warnings.start();
        logger.addAppender(warnings);
        SyncOutcome outcome;
        try {
            outcome = fixture.sync(CHAT, 10_000, SyncMode.START);
        } finally {
            logger.detachAppender(warnings);
        }

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals(1, warnings.list.stream()
                .filter(event -> event.getFormattedMessage().contains("Timestamp ordering violation")).count());
    }

    @Test
    void sync_retryableFailures_areRetriedWithExponentialBackoff() throws Exception {
        var history = Histories.linear(CHAT, 40);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCalls(2, 3, new ScriptedProvider.Fail(new RetryableProviderException("The phone is offline.")));
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), fixture.clock.sleeps());
        assertEquals(2, fixture.events(SyncEvent.Retrying.class).size());
    }

    @Test
    void sync_retryAfterAskedByTheProvider_isHonoured() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.Fail(
                        new RetryableProviderException("Rate limited.", null, Duration.ofSeconds(42))));
        given(provider);

        fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(List.of(Duration.ofSeconds(42)), fixture.clock.sleeps());
    }

    @Test
    void sync_retriesExhausted_isInterruptedAndKeepsTheError() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCalls(2, 100, new ScriptedProvider.Fail(new RetryableProviderException("The phone is offline.")));
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertEquals(StopReason.RETRIES_EXHAUSTED, outcome.stopReason());
        assertEquals(20, outcome.newMessages(), "the first page is kept");
        assertEquals(4, provider.calls(), "one good call, then three attempts at the second page");
        SyncCheckpoint checkpoint = fixture.checkpoint(CHAT);
        assertEquals(StopReason.RETRIES_EXHAUSTED, checkpoint.stopReason());
        assertEquals("The phone is offline.", checkpoint.errorMessage());
        assertTrue(outcome.describe().contains("The phone is offline."), outcome.describe());
    }

    @Test
    void sync_emptyPagesThatDoNotEndHistory_areRetriedThenLeftResumable() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCalls(2, 100, new ScriptedProvider.Answer(HistoryPage.of(List.of())));
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertEquals(StopReason.RETRIES_EXHAUSTED, outcome.stopReason());
        assertTrue(outcome.errorMessage().contains("no older messages"), outcome.errorMessage());
    }

    @Test
    void sync_aProviderThatCanFetchNothingOlder_storesThePageAndStopsWithItsSentence() throws Exception {
        // given a provider whose second page is the last it can fetch, though history goes on
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCall(2, new ScriptedProvider.Answer(HistoryPage.exhausted(history.subList(60, 80),
                        "The older messages are on your phone only.")));
        given(provider);

        // when the chat is synced
        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        // then both pages are stored, nothing more is asked, and the stop says why
        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertEquals(StopReason.SOURCE_EXHAUSTED, outcome.stopReason());
        assertEquals(40, outcome.newMessages());
        assertEquals(2, provider.calls(), "no retry of an exhausted provider");
        SyncCheckpoint checkpoint = fixture.checkpoint(CHAT);
        assertEquals(StopReason.SOURCE_EXHAUSTED, checkpoint.stopReason());
        assertEquals("The older messages are on your phone only.", checkpoint.errorMessage());
        assertEquals(history.get(60).id(), checkpoint.lastMessageId());
        assertTrue(outcome.describe().contains("nothing older: The older messages are on your phone only."),
                outcome.describe());
    }

    @Test
    void sync_anExhaustedPageWithNoMessages_stopsAtOnceInsteadOfBeingRetried() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCall(2, new ScriptedProvider.Answer(HistoryPage.exhausted(List.of(), "Nothing more here.")));
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(StopReason.SOURCE_EXHAUSTED, outcome.stopReason());
        assertEquals(2, provider.calls());
        assertEquals(20, outcome.newMessages());
    }

    @Test
    void sync_aProviderRepeatingTheSamePage_isNotFollowedForever() throws Exception {
        var history = Histories.linear(CHAT, 100);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(20)
                .onCalls(2, 100, new ScriptedProvider.Answer(HistoryPage.of(history.subList(80, 100))));
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertTrue(outcome.errorMessage().contains("same page"), outcome.errorMessage());
        assertEquals(20, fixture.heldIds(CHAT).size());
    }

    @Test
    void sync_permanentFailure_failsWithTheProvidersSentence() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100)).withPageCap(20)
                .onCall(3, new ScriptedProvider.Fail(new PermanentProviderException("The export file is corrupt.")));
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.FAILED, outcome.state());
        assertEquals(40, outcome.newMessages());
        SyncCheckpoint checkpoint = fixture.checkpoint(CHAT);
        assertEquals(SyncState.FAILED, checkpoint.status());
        assertEquals("The export file is corrupt.", checkpoint.errorMessage());
        assertEquals(3, provider.calls(), "a permanent failure is not retried");
    }

    @Test
    void sync_aBugInAProviderBehindThePluginGuard_failsTheChatWithASentence() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.Crash(new NullPointerException()));
        fixture = new SyncFixture(folder, FixtureAccess.guarded(provider));

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.FAILED, outcome.state());
        assertTrue(outcome.errorMessage().contains("failed while fetching history of " + CHAT),
                outcome.errorMessage());
    }

    @Test
    void sync_aBugInAProviderNotBehindTheGuard_stopsTheSyncAsCrashed() throws Exception {
        // The engine leaves typing failures to the plugin guard; what reaches it untyped is a crash.
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.Crash(new NullPointerException()));
        given(provider);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertEquals(StopReason.CRASHED, fixture.checkpoint(CHAT).stopReason());
    }
}

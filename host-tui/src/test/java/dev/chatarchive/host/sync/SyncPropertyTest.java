package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.MessageRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over many random histories and random interruptions (limits, cancels, failures, crashes), the
 * archive ends up holding exactly the provider's valid history of each chat (all of it when the
 * archive started empty or the provider pages newer; all up to the newest message held otherwise),
 * and every new message is counted once. Seeds are fixed, so a failure names the case that reproduces it.
 */
class SyncPropertyTest {

    private static final int CASES = 20;
    private static final long FIRST_SEED = 20_261_126L;

    @TempDir
    Path folder;

    private SyncFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private enum Interruption { NONE, LIMIT, CANCEL, RETRIES, CRASH }

    @Test
    void interruptedAndResumedSyncs_endWithExactlyTheProvidersValidHistory() throws Exception {
        var provider = new ScriptedProvider("scripted");
        // a second provider pages newer, so both start points (and the catch-up) are exercised
        var newer = new ScriptedProvider("newer").withNewerPaging();
        fixture = new SyncFixture(folder, provider, newer);
        MessageRules rules = new MessageRules(fixture.clock);
        java.util.Set<Interruption> interruptionsSeen = java.util.EnumSet.noneOf(Interruption.class);
        java.util.Set<Boolean> directionsSeen = new java.util.HashSet<>();

        for (int c = 0; c < CASES; c++) {
            long seed = FIRST_SEED + c;
            // Spread the seeds: neighbouring seeds give java.util.Random the same first draws.
            Random random = new Random(seed * 0x9E3779B97F4A7C15L);
            boolean pagesNewer = random.nextBoolean();
            ScriptedProvider source = pagesNewer ? newer : provider;
            String chat = "chat" + c + "@test";
            List<HistoricalMessage> history = Histories.random(chat, random.nextInt(160), random, random.nextBoolean());
            source.withChat(chat, history).withPageCap(3 + random.nextInt(58));
            int preloaded = 0;
            List<HistoricalMessage> reachable = history;
            if (random.nextInt(4) == 0 && history.size() > 10) {
                // the archive already holds a stretch of the chat (an import, live messages)
                int from = random.nextInt(history.size() - 5);
                if (!pagesNewer) {
                    // a sync fetches only what is older than the oldest message held; what is newer
                    // comes from catch-up (not this provider), live messages, or a restart
                    reachable = history.subList(0, from + 5);
                }
                List<HistoricalMessage> stretch = valid(history.subList(from, from + 5), rules);
                fixture.preload(source.info().id(), stretch);
                preloaded = stretch.size();
            }
            Interruption interruption = Interruption.values()[random.nextInt(Interruption.values().length)];
            interruptionsSeen.add(interruption);
            directionsSeen.add(pagesNewer);
            String context = "case " + c + " (seed " + seed + ", " + history.size() + " messages, " + interruption
                    + (pagesNewer ? ", pages newer" : "") + ")";

            interrupt(source, chat, interruption, random);
            int rounds = 0;
            while (fixture.service.checkpoint(chat).map(cp -> cp.status() != SyncState.COMPLETED).orElse(true)) {
                assertTrue(++rounds < 500, context + ": never completed");
                fixture.sync(chat, 10 + random.nextInt(190), SyncMode.CONTINUE);
            }

            Set<String> expected = SyncFixture.ids(valid(reachable, rules));
            assertEquals(expected, fixture.heldIds(chat), context);
            assertEquals(expected.size() - preloaded, fixture.checkpoint(chat).messagesSynced(),
                    context + ": every new message counted exactly once");
        }
        // the seeds must keep covering every kind of case, or this test proves less than it says
        assertEquals(java.util.EnumSet.allOf(Interruption.class), interruptionsSeen);
        assertEquals(java.util.Set.of(true, false), directionsSeen);
    }

    private void interrupt(ScriptedProvider source, String chat, Interruption interruption, Random random)
            throws Exception {
        int nextCall = source.calls() + 1;
        switch (interruption) {
            case NONE -> fixture.sync(chat, 10_000, SyncMode.CONTINUE);
            case LIMIT -> fixture.sync(chat, 1 + random.nextInt(40), SyncMode.CONTINUE);
            case RETRIES -> {
                int at = nextCall + random.nextInt(3);
                source.onCalls(at, at + SyncFixture.FAST_RETRY.maxAttempts() - 1,
                        new ScriptedProvider.Fail(new RetryableProviderException("The phone is offline.")));
                fixture.sync(chat, 10_000, SyncMode.CONTINUE);
            }
            case CANCEL, CRASH -> {
                int at = nextCall + random.nextInt(3);
                source.onCall(at, new ScriptedProvider.Block());
                SyncHandle handle = fixture.service.start(chat, 10_000, SyncMode.CONTINUE, "test");
                if (!reachesTheBlock(source, handle)) {
                    source.unscript(at); // the sync ended before that call
                    return;
                }
                if (interruption == Interruption.CANCEL) {
                    handle.cancel();
                    handle.await();
                } else {
                    fixture.abandonAndReopen();
                }
            }
        }
    }

    /** Whether the sync reaches the scripted block before it ends. */
    private static boolean reachesTheBlock(ScriptedProvider source, SyncHandle handle) throws InterruptedException {
        while (true) {
            if (source.awaitBlocked(Duration.ofMillis(10))) {
                return true;
            }
            if (handle.isDone()) {
                return false;
            }
        }
    }

    private static List<HistoricalMessage> valid(List<HistoricalMessage> messages, MessageRules rules) {
        return messages.stream().filter(message -> rules.problem(message).isEmpty()).toList();
    }
}

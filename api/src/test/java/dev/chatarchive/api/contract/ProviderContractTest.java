package dev.chatarchive.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.RetryableProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract kit against an in-memory provider that keeps every rule, and against copies of it
 * that each break one: the kit must pass the first and name the broken rule of each other one.
 */
class ProviderContractTest {

    private static final String CHAT = "chat-1";
    private static final String BLOCKING = "chat-blocking";
    private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");

    /** Twelve messages in the provider's order, oldest first; m4-m6 and m9-m10 share their second. */
    private static List<HistoricalMessage> history(String idPrefix) {
        int[] seconds = {0, 60, 120, 180, 180, 180, 240, 300, 360, 360, 420, 480};
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            messages.add(HistoricalMessage.text(idPrefix + (i + 1), CHAT, "alice", "message " + (i + 1),
                    START.plusSeconds(seconds[i]), false));
        }
        return messages;
    }

    /**
     * A provider over a list, paging by position in its own order, as the contract asks. Each test
     * overrides the one part it breaks.
     */
    static class ListProvider implements HistoryProvider {

        final List<HistoricalMessage> messages;
        final Set<PagingDirection> directions;

        ListProvider() {
            this(history("m"), EnumSet.allOf(PagingDirection.class));
        }

        ListProvider(List<HistoricalMessage> messages, Set<PagingDirection> directions) {
            this.messages = messages;
            this.directions = directions;
        }

        @Override
        public ProviderInfo info() {
            return new ProviderInfo("list", "List", "1.0.0");
        }

        @Override
        public List<ChatDescription> listChats() {
            return List.of(new ChatDescription(CHAT, "Chat", false, null, (long) messages.size()));
        }

        @Override
        public Set<PagingDirection> supportedDirections() {
            return directions;
        }

        @Override
        public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException, InterruptedException,
                RetryableProviderException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (request.chatId().equals(BLOCKING)) {
                Thread.sleep(Long.MAX_VALUE);
            }
            if (!request.chatId().equals(CHAT)) {
                throw new PermanentProviderException("No chat " + request.chatId() + ".");
            }
            if (!directions.contains(request.direction())) {
                throw new PermanentProviderException("Cannot page " + request.direction() + ".");
            }
            return request.direction() == PagingDirection.OLDER ? older(request) : newer(request);
        }

        HistoryPage older(HistoryRequest request) {
            int end = request.cursor() == null ? messages.size() : indexOf(request.cursor().messageId());
            int start = Math.max(0, end - request.limit());
            return new HistoryPage(reversed(messages.subList(start, end)), start == 0, (long) messages.size());
        }

        HistoryPage newer(HistoryRequest request) {
            int start = request.cursor() == null ? 0 : indexOf(request.cursor().messageId()) + 1;
            int end = Math.min(messages.size(), start + request.limit());
            return new HistoryPage(messages.subList(start, end), end == messages.size(), (long) messages.size());
        }

        int indexOf(String id) {
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).id().equals(id)) {
                    return i;
                }
            }
            throw new IllegalStateException("no message " + id);
        }

        static List<HistoricalMessage> reversed(List<HistoricalMessage> page) {
            List<HistoricalMessage> copy = new ArrayList<>(page);
            java.util.Collections.reverse(copy);
            return copy;
        }
    }

    /** Sleeps for {@code duration}, swallowing interrupts, as a provider deaf to them would. */
    private static void waitDeafToInterrupts(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException ignored) {
                // deaf
            }
        }
    }

    private static String problemsOf(HistoryProvider provider) {
        AssertionError broken = assertThrows(AssertionError.class,
                () -> ProviderContract.of(() -> provider).chat(CHAT).callTimeout(Duration.ofSeconds(5)).verify());
        return broken.getMessage();
    }

    @Test
    void verify_aProviderThatKeepsEveryRule_passes() {
        ProviderContract.of(ListProvider::new).chat(CHAT).blockingChat(BLOCKING).verify();
    }

    @Test
    void verify_olderOnlyProvider_passesAndItsNewerRefusalIsChecked() {
        ProviderContract.of(() -> new ListProvider(history("m"), EnumSet.of(PagingDirection.OLDER))).chat(CHAT).verify();
    }

    @Test
    void verify_filterOnTimestampBeforeTheCursor_isCaughtLosingSameSecondMessages() {
        String problems = problemsOf(new ListProvider() {
            @Override
            HistoryPage older(HistoryRequest request) {
                // The README example's old filter: strictly before the cursor's timestamp.
                List<HistoricalMessage> older = messages.stream()
                        .filter(message -> request.cursor() == null || message.timestamp().isBefore(request.cursor().timestamp()))
                        .toList();
                List<HistoricalMessage> page = reversed(older).subList(0, Math.min(request.limit(), older.size()));
                return new HistoryPage(page, page.size() == older.size(), null);
            }
        });

        assertTrue(problems.contains("Paging OLDER with pages of 1 lost"), problems);
        assertTrue(problems.contains("timestamp().isBefore(cursor.timestamp())"), problems);
    }

    @Test
    void verify_pageThatHoldsTheCursorMessage_isCaught() {
        String problems = problemsOf(new ListProvider() {
            @Override
            HistoryPage older(HistoryRequest request) {
                int end = request.cursor() == null ? messages.size() : indexOf(request.cursor().messageId()) + 1;
                int start = Math.max(0, end - request.limit());
                return new HistoryPage(reversed(messages.subList(start, end)), start == 0, null);
            }
        });

        assertTrue(problems.contains("returned the cursor message"), problems);
    }

    @Test
    void verify_pageLongerThanTheLimit_isCaught() {
        String problems = problemsOf(new ListProvider() {
            @Override
            HistoryPage older(HistoryRequest request) {
                return new HistoryPage(reversed(messages), true, null);
            }
        });

        assertTrue(problems.contains("more than the limit"), problems);
    }

    @Test
    void verify_endOfHistoryTooEarly_isCaughtAsLostMessages() {
        String problems = problemsOf(new ListProvider() {
            @Override
            HistoryPage older(HistoryRequest request) {
                HistoryPage page = super.older(request);
                return new HistoryPage(page.messages(), request.cursor() != null, null);
            }
        });

        assertTrue(problems.contains("Paging OLDER with pages of 1 lost 10 message(s) that other pagings of the chat return"),
                problems);
    }

    @Test
    void verify_historyThatNeverEnds_isCaught() {
        String problems = problemsOf(new ListProvider() {
            @Override
            HistoryPage older(HistoryRequest request) {
                return new HistoryPage(super.older(request).messages(), false, null);
            }
        });

        assertTrue(problems.contains("never reached the end of history"), problems);
    }

    @Test
    void verify_idsThatChangeBetweenRuns_areCaught() {
        AtomicInteger runs = new AtomicInteger();
        AssertionError broken = assertThrows(AssertionError.class, () -> ProviderContract
                .of(() -> new ListProvider(history("run" + runs.incrementAndGet() + "-m"), EnumSet.allOf(PagingDirection.class)))
                .chat(CHAT).verify());

        assertTrue(broken.getMessage().contains("other ids or timestamps"), broken.getMessage());
    }

    @Test
    void verify_unknownChatAnsweredWithAnEmptyPage_isCaught() {
        String problems = problemsOf(new ListProvider() {
            @Override
            public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException, InterruptedException,
                    RetryableProviderException {
                return request.chatId().equals(CHAT) ? super.fetchHistory(request) : HistoryPage.last(List.of());
            }
        });

        assertTrue(problems.contains("unknown chat chat-archive-contract-no-such-chat should fail with PermanentProviderException, "
                + "but answered with a page of 0 message(s)"), problems);
    }

    @Test
    void verify_untypedException_isCaught() {
        String problems = problemsOf(new ListProvider() {
            @Override
            public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException, InterruptedException,
                    RetryableProviderException {
                if (!request.chatId().equals(CHAT)) {
                    throw new IllegalArgumentException("what chat?");
                }
                return super.fetchHistory(request);
            }
        });

        assertTrue(problems.contains("threw java.lang.IllegalArgumentException (what chat?); a provider fails only with "
                + "RetryableProviderException or PermanentProviderException"), problems);
    }

    @Test
    void verify_unsupportedDirectionAnswered_isCaught() {
        String problems = problemsOf(new ListProvider(history("m"), EnumSet.of(PagingDirection.OLDER)) {
            @Override
            public HistoryPage fetchHistory(HistoryRequest request) {
                return older(HistoryRequest.older(request.chatId(), request.cursor(), request.limit()));
            }
        });

        assertTrue(problems.contains("a NEWER request, which supportedDirections() does not offer, should fail with "
                + "PermanentProviderException"), problems);
    }

    @Test
    void verify_blockingCallThatIgnoresInterrupts_isCaught() {
        AssertionError broken = assertThrows(AssertionError.class, () -> ProviderContract.of(() -> new ListProvider() {
            @Override
            public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException, InterruptedException,
                    RetryableProviderException {
                if (request.chatId().equals(BLOCKING)) {
                    waitDeafToInterrupts(Duration.ofMillis(2500));
                    throw new RetryableProviderException("gave up");
                }
                return super.fetchHistory(request);
            }
        }).chat(CHAT).blockingChat(BLOCKING).verify());

        assertTrue(broken.getMessage().contains("interrupted while it waited, did not end within 1 s"), broken.getMessage());
    }

    @Test
    void verify_interruptTurnedIntoARetryableError_isCaught() {
        String problems = problemsOf(new ListProvider() {
            @Override
            public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException, InterruptedException,
                    RetryableProviderException {
                if (Thread.currentThread().isInterrupted()) {
                    throw new RetryableProviderException("interrupted");
                }
                return super.fetchHistory(request);
            }
        });

        assertTrue(problems.contains("on an interrupted thread threw dev.chatarchive.api.RetryableProviderException"), problems);
    }

    @Test
    void verify_providerThatHangs_failsWithinTheCallTimeout() {
        AssertionError broken = assertThrows(AssertionError.class, () -> ProviderContract.of(() -> new ListProvider() {
            @Override
            public List<ChatDescription> listChats() {
                waitDeafToInterrupts(Duration.ofSeconds(4));
                return super.listChats();
            }
        }).chat(CHAT).callTimeout(Duration.ofSeconds(1)).verify());

        assertTrue(broken.getMessage().contains("listChats() did not answer within 1 s"), broken.getMessage());
    }

    @Test
    void verify_firstPageThatIsNotTheNewest_isCaught() {
        String problems = problemsOf(new ListProvider() {
            @Override
            HistoryPage older(HistoryRequest request) {
                if (request.cursor() == null) {
                    // Starts one message too far back: the newest message never comes.
                    int end = messages.size() - 1;
                    int start = Math.max(0, end - request.limit());
                    return new HistoryPage(reversed(messages.subList(start, end)), start == 0, null);
                }
                return super.older(request);
            }
        });

        assertTrue(problems.contains("Paging OLDER with pages of 1 lost 1 message(s) that other pagings of the chat return: m12"),
                problems);
        assertTrue(problems.contains("The first page OLDER without a cursor (pages of 1) starts at 2024-03-01T10:07:00Z, "
                + "not at the chat's newest message (2024-03-01T10:08:00Z)"), problems);
    }

    @Test
    void verify_chatWithoutSameSecondMessages_isRefusedAsUnfitForTheCheck() {
        List<HistoricalMessage> distinct = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            distinct.add(HistoricalMessage.text("m" + i, CHAT, "alice", "hi", START.plusSeconds(i), false));
        }
        String problems = problemsOf(new ListProvider(distinct, EnumSet.allOf(PagingDirection.class)));

        assertTrue(problems.contains("No two messages of the chat chat-1 share a timestamp"), problems);
    }

    @Test
    void verify_distinctTimestampsPromised_acceptsSuchAChat_andCatchesABrokenPromise() {
        List<HistoricalMessage> distinct = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            distinct.add(HistoricalMessage.text("m" + i, CHAT, "alice", "hi", START.plusSeconds(i), false));
        }
        ProviderContract.of(() -> new ListProvider(distinct, EnumSet.allOf(PagingDirection.class))).chat(CHAT)
                .distinctTimestamps().verify();

        AssertionError broken = assertThrows(AssertionError.class,
                () -> ProviderContract.of(ListProvider::new).chat(CHAT).distinctTimestamps().verify());
        assertTrue(broken.getMessage().contains("share a timestamp, although distinctTimestamps()"), broken.getMessage());
    }

    @Test
    void problems_ofAProviderThatKeepsEveryRule_isEmpty_andTheStarterIsAskedForTwoProviders() {
        AtomicInteger started = new AtomicInteger();
        List<String> problems = ProviderContract.of(() -> {
            started.incrementAndGet();
            return new ListProvider();
        }).chat(CHAT).problems();

        assertEquals(List.of(), problems);
        assertEquals(2, started.get());
    }

    @Test
    void problems_withoutAChat_isAUsageError() {
        assertThrows(IllegalStateException.class, () -> ProviderContract.of(ListProvider::new).problems());
    }
}

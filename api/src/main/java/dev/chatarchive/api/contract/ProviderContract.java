package dev.chatarchive.api.contract;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rules of {@link HistoryProvider} as a check that any provider's own tests can run: the
 * provider contract kit. It needs no test framework: {@link #verify()} throws an
 * {@link AssertionError} that lists every rule the provider broke, so a JUnit (or TestNG, or plain
 * {@code main}) test is one call:
 *
 * <pre>{@code
 * @Test
 * void keepsTheProviderContract() {
 *     ProviderContract.of(() -> {
 *         HelloProvider provider = new HelloProvider();
 *         provider.start(new RecordingProviderContext(dataFolder));
 *         return provider;
 *     }).chat("hello-chat").verify();
 * }
 * }</pre>
 *
 * <p>The kit starts providers through the given {@link Starter} (more than one, to compare runs)
 * and stops each one it started. It reads the chat the way the host's sync engine does: page after
 * page, each request anchored on the page's oldest message by {@code (timestamp, id)}. What it
 * checks, for the chat it is given:
 * <ul>
 *   <li><b>Strictly older pages</b>: every page holds at most {@code limit} messages, all of the
 *       requested chat, none of them the cursor message and none newer than it; the first page (no
 *       cursor) holds the chat's newest message. The same for {@link PagingDirection#NEWER}, mirrored,
 *       when the provider supports it.
 *   <li><b>Same-timestamp messages around the cursor</b>: paging with pages of 1, 2 and 3 messages,
 *       whose boundaries fall between messages of the same second, yields exactly the messages that
 *       pages of {@link dev.chatarchive.api.SyncPolicy#maxPageSize()} yield. A provider that filters
 *       with {@code timestamp().isBefore(cursor.timestamp())} loses the messages that share the
 *       cursor's timestamp; this catches it. The chat must therefore hold at least two messages with
 *       the same timestamp: the kit refuses a chat that does not.
 *   <li><b>End of history</b>: paging ends with a page that says {@link HistoryPage#endOfHistory()}
 *       within as many requests as there are messages, and never early (an early end loses the
 *       older messages, which the comparison above finds).
 *   <li><b>Stable ids</b>: a second provider, started afresh, gives the chat's messages the same ids
 *       and timestamps.
 *   <li><b>Errors typed</b>: an unknown chat (and a direction the provider does not support) fails
 *       with {@link PermanentProviderException}; nothing the provider throws is anything but a
 *       {@link ProviderException} or {@link InterruptedException}; the chat is listed by
 *       {@link HistoryProvider#listChats()} and passes {@link HistoryProvider#chatIdProblem}.
 *   <li><b>Interrupt honoured within a second</b>: a page request made on an interrupted thread ends
 *       within a second, by answering or by throwing {@link InterruptedException}. With
 *       {@link #blockingChat(String)}, a request that cannot be answered (a live source whose phone
 *       never replies) is interrupted while it waits and must throw {@link InterruptedException}
 *       within a second. An offline provider answers at once, so for it the first form is all there
 *       is to check.
 * </ul>
 * Every call into the provider runs on a worker thread with a timeout ({@link #callTimeout}), so a
 * provider that hangs fails the check instead of hanging the test.
 *
 * @since 1.1.0
 */
public final class ProviderContract {

    /** Starts a provider for the contract kit, which stops it when done. */
    @FunctionalInterface
    public interface Starter {
        /** A new, started provider (its {@link HistoryProvider#start} already called). */
        HistoryProvider start() throws Exception;
    }

    private static final int[] SMALL_PAGES = {1, 2, 3};
    private static final Duration INTERRUPT_DEADLINE = Duration.ofSeconds(1);
    private static final Comparator<HistoricalMessage> BY_TIME_THEN_ID =
            Comparator.comparing(HistoricalMessage::timestamp).thenComparing(HistoricalMessage::id);

    private final Starter starter;
    private String chatId;
    private String unknownChatId = "chat-archive-contract-no-such-chat";
    private String blockingChatId;
    private Duration callTimeout = Duration.ofSeconds(30);
    private boolean distinctTimestamps;

    private ProviderContract(Starter starter) {
        this.starter = Objects.requireNonNull(starter, "starter must not be null");
    }

    /** A contract check of the providers {@code starter} starts. */
    public static ProviderContract of(Starter starter) {
        return new ProviderContract(starter);
    }

    /**
     * The chat to page through: one with some history (a few dozen messages at most keeps the check
     * fast) in which at least two messages share a timestamp. Required.
     */
    public ProviderContract chat(String chatId) {
        this.chatId = requireText(chatId, "chatId");
        return this;
    }

    /**
     * An id in the provider's format for which it has no chat (the default,
     * {@code "chat-archive-contract-no-such-chat"}, suits providers whose ids are free-form).
     */
    public ProviderContract unknownChat(String chatId) {
        this.unknownChatId = requireText(chatId, "chatId");
        return this;
    }

    /**
     * A chat whose page requests block until the provider's source answers and that, in this test's
     * setup, never does, so the kit can interrupt a request while it waits. Optional.
     */
    public ProviderContract blockingChat(String chatId) {
        this.blockingChatId = requireText(chatId, "chatId");
        return this;
    }

    /**
     * Says that the provider gives every message of a chat a timestamp of its own (the WhatsApp
     * export parser does, spreading a minute's messages over its milliseconds), so no chat can have
     * the same-timestamp messages the kit otherwise requires. The kit then checks that promise
     * instead, and still pages with small pages.
     */
    public ProviderContract distinctTimestamps() {
        this.distinctTimestamps = true;
        return this;
    }

    /** The longest the kit waits for any one call before it counts it as hanging (default 30 s). */
    public ProviderContract callTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.callTimeout = timeout;
        return this;
    }

    /**
     * Runs every check.
     *
     * @throws AssertionError listing every rule the provider broke
     */
    public void verify() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("The provider breaks the HistoryProvider contract:");
            for (String problem : problems) {
                message.append("\n - ").append(problem);
            }
            throw new AssertionError(message.toString());
        }
    }

    /** Runs every check and returns the broken rules, one sentence each; empty when there are none. */
    public List<String> problems() {
        if (chatId == null) {
            throw new IllegalStateException("name the chat to check with chat(chatId)");
        }
        List<String> problems = new ArrayList<>();
        ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "provider-contract-call");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Run run = new Run(calls, problems);
            run.checkAll();
        } catch (Broken stop) {
            problems.add(stop.getMessage());
        } finally {
            calls.shutdownNow();
        }
        return List.copyOf(problems);
    }

    // ---- the checks, against started providers ----------------------------------------------------

    /** One run of the checks: the worker threads and the problems found so far. */
    private final class Run {

        private final ExecutorService calls;
        private final List<String> problems;

        Run(ExecutorService calls, List<String> problems) {
            this.calls = calls;
            this.problems = problems;
        }

        void checkAll() {
            Paged reference;
            HistoryProvider provider = start();
            try {
                checkListed(provider);
                int largest = call(provider, "syncPolicy()", provider::syncPolicy).maxPageSize();
                reference = pageThrough(provider, PagingDirection.OLDER, largest);
                requireUsableChat(reference);
                List<Paged> pagings = new ArrayList<>(List.of(reference));
                for (int limit : smallPages(largest)) {
                    pagings.add(pageThrough(provider, PagingDirection.OLDER, limit));
                }
                if (call(provider, "supportedDirections()", provider::supportedDirections).contains(PagingDirection.NEWER)) {
                    pagings.add(pageThrough(provider, PagingDirection.NEWER, largest));
                    for (int limit : smallPages(largest)) {
                        pagings.add(pageThrough(provider, PagingDirection.NEWER, limit));
                    }
                } else {
                    expectPermanent(provider, HistoryRequest.newer(chatId, null, 1),
                            "a NEWER request, which supportedDirections() does not offer,");
                }
                compare(pagings);
                expectPermanent(provider, HistoryRequest.older(unknownChatId, null, 1), "a request for the unknown chat " + unknownChatId);
                checkInterruptedCall(provider);
                if (blockingChatId != null) {
                    checkInterruptWhileWaiting(provider);
                }
            } finally {
                stop(provider);
            }
            HistoryProvider second = start();
            try {
                int largest = call(second, "syncPolicy()", second::syncPolicy).maxPageSize();
                checkStableIds(reference, pageThrough(second, PagingDirection.OLDER, largest));
            } finally {
                stop(second);
            }
        }

        private void checkListed(HistoryProvider provider) {
            List<ChatDescription> chats = call(provider, "listChats()", provider::listChats);
            if (chats.stream().noneMatch(chat -> chat.chatId().equals(chatId))) {
                problems.add("listChats() does not list the chat " + chatId + ".");
            }
            call(provider, "chatIdProblem(" + chatId + ")", () -> provider.chatIdProblem(chatId))
                    .ifPresent(problem -> problems.add("chatIdProblem(" + chatId + ") refuses the provider's own chat: " + problem));
        }

        private void requireUsableChat(Paged reference) {
            if (reference.messages().size() < 2) {
                throw new Broken("The chat " + chatId + " holds " + reference.messages().size() + " message(s); the contract "
                        + "kit needs a chat with several, at least two of them with the same timestamp.");
            }
            Set<Instant> seen = new LinkedHashSet<>();
            boolean shared = reference.messages().values().stream().anyMatch(message -> !seen.add(message.timestamp()));
            if (distinctTimestamps) {
                if (shared) {
                    problems.add("Two messages of the chat " + chatId + " share a timestamp, although distinctTimestamps() "
                            + "says the provider never gives them one.");
                }
                return;
            }
            if (!shared) {
                throw new Broken("No two messages of the chat " + chatId + " share a timestamp, so the kit cannot check "
                        + "that a page boundary between same-second messages loses none; give it a chat that has some.");
            }
        }

        /**
         * Pages through the whole chat in one direction, as the host does, checking each page: the
         * messages by id in the order they came, and the first page's edge (its newest message's
         * timestamp paging OLDER, its oldest paging NEWER).
         */
        private Paged pageThrough(HistoryProvider provider, PagingDirection direction, int limit) {
            Map<String, HistoricalMessage> collected = new LinkedHashMap<>();
            Instant firstPageEdge = null;
            HistoryCursor cursor = null;
            int requests = 0;
            while (true) {
                requests++;
                if (requests > collected.size() + 2) {
                    throw new Broken("Paging " + direction + " with pages of " + limit + " never reached the end of history: "
                            + requests + " requests for " + collected.size() + " messages. The last page of a chat must "
                            + "say endOfHistory; an empty page that does not means 'ask again later'.");
                }
                HistoryRequest request = new HistoryRequest(chatId, direction, cursor, limit);
                HistoryPage page = fetch(provider, request);
                checkPage(request, page);
                if (cursor == null) {
                    firstPageEdge = edge(page.messages(), direction);
                }
                for (HistoricalMessage message : page.messages()) {
                    collected.putIfAbsent(message.id(), message);
                }
                if (page.endOfHistory()) {
                    return new Paged(direction, limit, collected, firstPageEdge);
                }
                if (!page.messages().isEmpty()) {
                    HistoricalMessage anchor = direction == PagingDirection.OLDER
                            ? page.messages().stream().min(BY_TIME_THEN_ID).orElseThrow()
                            : page.messages().stream().max(BY_TIME_THEN_ID).orElseThrow();
                    cursor = anchor.toCursor();
                }
            }
        }

        private void checkPage(HistoryRequest request, HistoryPage page) {
            String asked = describe(request);
            if (page == null) {
                throw new Broken(asked + " returned null instead of a HistoryPage.");
            }
            if (page.messages().size() > request.limit()) {
                problems.add(asked + " returned " + page.messages().size() + " messages, more than the limit.");
            }
            for (HistoricalMessage message : page.messages()) {
                if (!message.chatId().equals(request.chatId())) {
                    problems.add(asked + " returned message " + message.id() + " of another chat, " + message.chatId() + ".");
                }
                HistoryCursor cursor = request.cursor();
                if (cursor == null) {
                    continue;
                }
                if (message.id().equals(cursor.messageId())) {
                    problems.add(asked + " returned the cursor message " + message.id() + " itself; pages lie strictly "
                            + "on the requested side of the cursor.");
                } else if (request.direction() == PagingDirection.OLDER && message.timestamp().isAfter(cursor.timestamp())) {
                    problems.add(asked + " returned message " + message.id() + " of " + message.timestamp()
                            + ", newer than the cursor.");
                } else if (request.direction() == PagingDirection.NEWER && message.timestamp().isBefore(cursor.timestamp())) {
                    problems.add(asked + " returned message " + message.id() + " of " + message.timestamp()
                            + ", older than the cursor.");
                }
            }
        }

        /**
         * Every paging of the chat, whatever its direction and page size, must bring the same messages:
         * all that any of them brought. Pages whose boundaries fall between messages of the same second
         * (small pages) are where a timestamp filter loses messages.
         */
        private void compare(List<Paged> pagings) {
            Map<String, HistoricalMessage> all = new LinkedHashMap<>();
            for (Paged paged : pagings) {
                paged.messages().forEach(all::putIfAbsent);
            }
            for (Paged paged : pagings) {
                List<String> lost = new ArrayList<>(all.keySet());
                lost.removeAll(paged.messages().keySet());
                if (!lost.isEmpty()) {
                    problems.add("Paging " + paged.direction() + " with pages of " + paged.limit() + " lost " + lost.size()
                            + " message(s) that other pagings of the chat return: " + sample(lost) + ". A page must hold "
                            + "every message on the requested side of the cursor in the provider's own order, including "
                            + "those with the cursor's timestamp (a filter on timestamp().isBefore(cursor.timestamp()) "
                            + "drops them), and endOfHistory must wait until nothing is left.");
                }
                Instant expected = edge(List.copyOf(all.values()), paged.direction());
                if (paged.firstPageEdge() != null && !paged.firstPageEdge().equals(expected)) {
                    problems.add("The first page " + paged.direction() + " without a cursor (pages of " + paged.limit()
                            + ") starts at " + paged.firstPageEdge() + ", not at the chat's "
                            + (paged.direction() == PagingDirection.OLDER ? "newest" : "oldest") + " message (" + expected + ").");
                }
            }
        }

        private void checkStableIds(Paged first, Paged second) {
            Map<String, Instant> before = timestamps(first.messages());
            Map<String, Instant> after = timestamps(second.messages());
            if (!before.equals(after)) {
                List<String> changed = new ArrayList<>();
                for (Map.Entry<String, Instant> entry : before.entrySet()) {
                    if (!entry.getValue().equals(after.get(entry.getKey()))) {
                        changed.add(entry.getKey());
                    }
                }
                for (String id : after.keySet()) {
                    if (!before.containsKey(id)) {
                        changed.add(id);
                    }
                }
                problems.add("A second provider, started afresh, gives the chat's messages other ids or timestamps ("
                        + sample(changed) + "); ids must be stable across runs, or a resumed sync stores messages twice.");
            }
        }

        private void expectPermanent(HistoryProvider provider, HistoryRequest request, String what) {
            Outcome outcome = attempt(provider, request);
            if (outcome.thrown instanceof PermanentProviderException) {
                return;
            }
            problems.add(what + " should fail with PermanentProviderException, but "
                    + (outcome.thrown != null ? "threw " + outcome.thrown.getClass().getName()
                    : "answered with a page of " + outcome.page.messages().size() + " message(s)") + ".");
        }

        private void checkInterruptedCall(HistoryProvider provider) {
            HistoryRequest request = HistoryRequest.older(chatId, null, 1);
            String what = describe(request) + " on an interrupted thread";
            WatchedCall call = WatchedCall.start(() -> {
                Thread.currentThread().interrupt();
                return provider.fetchHistory(request);
            });
            if (!call.awaitEnd(INTERRUPT_DEADLINE)) {
                problems.add(what + " did not end within " + INTERRUPT_DEADLINE.toSeconds() + " s; an interrupted call "
                        + "must return promptly, by throwing InterruptedException.");
            } else if (call.thrown() != null && !(call.thrown() instanceof InterruptedException)) {
                problems.add(what + " threw " + call.thrown().getClass().getName() + "; an interrupted call throws "
                        + "InterruptedException (or answers, if it had its answer already).");
            }
        }

        private void checkInterruptWhileWaiting(HistoryProvider provider) {
            HistoryRequest request = HistoryRequest.older(blockingChatId, null, 1);
            String what = describe(request);
            WatchedCall call = WatchedCall.start(() -> provider.fetchHistory(request));
            if (call.awaitEnd(Duration.ofMillis(300))) {
                problems.add(what + (call.thrown() == null ? " answered" : " failed (" + call.thrown() + ")")
                        + " at once; blockingChat(...) must name a chat whose requests wait for an answer that never comes.");
                return;
            }
            call.interrupt();
            if (!call.awaitEnd(INTERRUPT_DEADLINE)) {
                problems.add(what + ", interrupted while it waited, did not end within " + INTERRUPT_DEADLINE.toSeconds()
                        + " s; a call must return promptly when its thread is interrupted.");
            } else if (!(call.thrown() instanceof InterruptedException)) {
                problems.add(what + ", interrupted while it waited, ended with "
                        + (call.thrown() == null ? "an answer" : call.thrown().getClass().getName())
                        + " instead of InterruptedException.");
            }
        }

        private HistoryProvider start() {
            try {
                HistoryProvider provider = starter.start();
                if (provider == null) {
                    throw new Broken("The starter returned no provider.");
                }
                return provider;
            } catch (Broken broken) {
                throw broken;
            } catch (Exception e) {
                throw new Broken("The provider could not be started: " + e, e);
            }
        }

        private void stop(HistoryProvider provider) {
            try {
                call(provider, "stop()", () -> {
                    provider.stop();
                    return null;
                });
            } catch (Broken broken) {
                problems.add(broken.getMessage());
            }
        }

        private HistoryPage fetch(HistoryProvider provider, HistoryRequest request) {
            Outcome outcome = attempt(provider, request);
            if (outcome.thrown != null) {
                throw new Broken(describe(request) + " failed: " + outcome.thrown, outcome.thrown);
            }
            return outcome.page;
        }

        /** A page request, with anything but a typed failure reported as a broken rule. */
        private Outcome attempt(HistoryProvider provider, HistoryRequest request) {
            try {
                return new Outcome(call(provider, describe(request), () -> provider.fetchHistory(request)), null);
            } catch (Typed typed) {
                return new Outcome(null, typed.getCause());
            }
        }

        /** Runs one call on a worker thread, within the timeout. */
        private <T> T call(HistoryProvider provider, String what, ProviderCall<T> body) {
            Future<T> future = calls.submit(body::call);
            try {
                return future.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new Broken(what + " did not answer within " + callTimeout.toSeconds() + " s.");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ProviderException) {
                    throw new Typed(cause);
                }
                if (cause instanceof InterruptedException) {
                    throw new Broken(what + " threw InterruptedException although nothing interrupted it.", cause);
                }
                throw new Broken(what + " threw " + cause.getClass().getName() + " (" + cause.getMessage() + "); a provider "
                        + "fails only with RetryableProviderException or PermanentProviderException.", cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Broken("The contract check itself was interrupted.");
            }
        }
    }

    // ---- small parts -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface ProviderCall<T> {
        T call() throws Exception;
    }

    /** A chat paged through to its end: how, its messages by id, and the first page's edge. */
    private record Paged(PagingDirection direction, int limit, Map<String, HistoricalMessage> messages, Instant firstPageEdge) {
    }

    /** The newest timestamp of {@code messages} (paging OLDER) or the oldest (NEWER), or null. */
    private static Instant edge(List<HistoricalMessage> messages, PagingDirection direction) {
        return messages.stream().map(HistoricalMessage::timestamp)
                .max(direction == PagingDirection.OLDER ? Comparator.naturalOrder() : Comparator.<Instant>reverseOrder())
                .orElse(null);
    }

    /** A page, or the typed failure a request ended with. */
    private record Outcome(HistoryPage page, Throwable thrown) {
    }

    /** A call on a thread of its own, which the kit can interrupt and watch end. */
    private static final class WatchedCall extends Thread {
        private final ProviderCall<?> body;
        private volatile boolean ended;
        private volatile Throwable thrown;

        private WatchedCall(ProviderCall<?> body) {
            super("provider-contract-interrupt");
            this.body = body;
            setDaemon(true);
        }

        static WatchedCall start(ProviderCall<?> body) {
            WatchedCall call = new WatchedCall(body);
            call.start();
            return call;
        }

        @Override
        public void run() {
            try {
                body.call();
            } catch (Throwable e) {
                thrown = e;
            } finally {
                ended = true;
            }
        }

        /** Whether the call ended within {@code timeout}. */
        boolean awaitEnd(Duration timeout) {
            try {
                join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Broken("The contract check itself was interrupted.");
            }
            return ended;
        }

        Throwable thrown() {
            return thrown;
        }
    }

    /** A rule broken so that the checks cannot go on. */
    private static final class Broken extends RuntimeException {
        Broken(String message) {
            super(message, null, false, false);
        }

        Broken(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** A typed provider failure, carried out of {@link Run#call}. */
    private static final class Typed extends RuntimeException {
        Typed(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    private static int[] smallPages(int largest) {
        return Arrays.stream(SMALL_PAGES).filter(limit -> limit < largest).toArray();
    }

    private static Map<String, Instant> timestamps(Map<String, HistoricalMessage> messages) {
        Map<String, Instant> timestamps = new HashMap<>();
        messages.forEach((id, message) -> timestamps.put(id, message.timestamp()));
        return timestamps;
    }

    private static String sample(List<String> ids) {
        List<String> shown = ids.subList(0, Math.min(5, ids.size()));
        return String.join(", ", shown) + (ids.size() > shown.size() ? ", ..." : "");
    }

    private static String describe(HistoryRequest request) {
        return "fetchHistory(" + request.chatId() + ", " + request.direction() + ", "
                + (request.cursor() == null ? "no cursor" : "cursor " + request.cursor().messageId()) + ", limit "
                + request.limit() + ")";
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }
}

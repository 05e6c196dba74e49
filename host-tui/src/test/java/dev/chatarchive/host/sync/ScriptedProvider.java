package dev.chatarchive.host.sync;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.SyncPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory provider that plays a script: the boundary the sync engine talks to, made
 * deterministic. Each chat has a history in the provider's own order (oldest first); a page is the
 * run of messages just before (or after) the cursor's position, as the api describes. On top of
 * that, calls can be scripted by number (1 = the first {@code fetchHistory} call, over all chats) to
 * fail, to block, or to block while ignoring interrupts.
 *
 * <p>What it can do that a real source does: small pages, slow answers, retryable and permanent
 * failures, messages repeated within a page, out-of-order timestamps and invalid messages (put them
 * in the history), messages of another chat, an end of history announced with the last page or only
 * on the empty page after it, and new messages arriving at the newer end.
 */
final class ScriptedProvider implements HistoryProvider {

    /** What the provider does on one call instead of answering. */
    sealed interface Step {
    }

    /** Throw this failure. */
    record Fail(ProviderException failure) implements Step {
    }

    /** Answer with this page, whatever was asked. */
    record Answer(HistoryPage page) implements Step {
    }

    /** Throw something no provider should: a bug in the plugin. */
    record Crash(RuntimeException bug) implements Step {
    }

    /** Block until released or interrupted (interrupt-honouring, as the api asks). */
    record Block() implements Step {
    }

    /** Block until released, ignoring interrupts (a badly behaved plugin). */
    record BlockIgnoringInterrupts() implements Step {
    }

    /** Something a test does on the provider's thread when the call comes in. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** Do {@code action} first (it may wait), then answer as usual. */
    record Before(Action action) implements Step {
    }

    private final ProviderInfo info;
    private final Map<String, List<HistoricalMessage>> histories = new LinkedHashMap<>();
    private final Map<Integer, Step> script = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ProviderException> failingChats = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> blockingChats = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<HistoryRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Semaphore interruptedCalls = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Semaphore blocksEntered = new Semaphore(0);
    private SyncPolicy policy = SyncPolicy.LOCAL_SOURCE;
    private final Map<String, SyncPolicy> chatPolicies = new java.util.concurrent.ConcurrentHashMap<>();
    private int pageCap = Integer.MAX_VALUE;
    private Duration delay = Duration.ZERO;
    private boolean newerPaging;
    private boolean endOnlyOnEmptyPage;
    private boolean repeatMessagesInPage;
    private boolean estimates;
    private RuntimeException listFailure;

    ScriptedProvider(String id) {
        this.info = new ProviderInfo(id, "Scripted " + id, "1.0");
    }

    // ---- configuration ---------------------------------------------------------------------------

    /** Give {@code chatId} this history, oldest first in the provider's order. */
    synchronized ScriptedProvider withChat(String chatId, List<HistoricalMessage> oldestFirst) {
        histories.put(chatId, new ArrayList<>(oldestFirst));
        return this;
    }

    /** New messages arrive at the newer end of {@code chatId}'s history. */
    synchronized void append(String chatId, List<HistoricalMessage> newer) {
        histories.get(chatId).addAll(newer);
    }

    ScriptedProvider withPolicy(SyncPolicy policy) {
        this.policy = policy;
        return this;
    }

    /** Requests for {@code chatId} fall under {@code policy} ({@link #syncPolicy(HistoryRequest)}). */
    ScriptedProvider withChatPolicy(String chatId, SyncPolicy policy) {
        chatPolicies.put(chatId, policy);
        return this;
    }

    /** Answer at most {@code cap} messages per page, whatever the limit asked. */
    ScriptedProvider withPageCap(int cap) {
        this.pageCap = cap;
        return this;
    }

    /** Take this long (interruptibly) to answer each call. */
    ScriptedProvider withDelay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Answer {@link PagingDirection#NEWER} too. */
    ScriptedProvider withNewerPaging() {
        this.newerPaging = true;
        return this;
    }

    /** Say "end of history" only on an empty page after the last one, like a cautious live source. */
    ScriptedProvider withEndOnlyOnEmptyPage() {
        this.endOnlyOnEmptyPage = true;
        return this;
    }

    /** Put every message of a page in it twice. */
    ScriptedProvider withRepeatedMessagesInPages() {
        this.repeatMessagesInPage = true;
        return this;
    }

    /** Tell the size of the chat's history on each page and in the chat list. */
    ScriptedProvider withEstimates() {
        this.estimates = true;
        return this;
    }

    /** Make {@link #listChats()} fail with this. */
    ScriptedProvider withListFailure(RuntimeException failure) {
        this.listFailure = failure;
        return this;
    }

    /** Fail every request for {@code chatId} with {@code failure} (until {@link #heal}). */
    ScriptedProvider withFailingChat(String chatId, ProviderException failure) {
        failingChats.put(chatId, failure);
        return this;
    }

    /** Every request for {@code chatId} waits (interruptibly) until {@link #release}: a phone that does not answer. */
    ScriptedProvider withBlockingChat(String chatId) {
        blockingChats.add(chatId);
        return this;
    }

    /** Stop failing requests for {@code chatId}. */
    void heal(String chatId) {
        failingChats.remove(chatId);
    }

    /** On call number {@code call} (1-based, over all chats), do {@code step} instead of answering. */
    ScriptedProvider onCall(int call, Step step) {
        script.put(call, step);
        return this;
    }

    /** Forget what was scripted for call number {@code call}. */
    void unscript(int call) {
        script.remove(call);
    }

    /** On calls {@code from} to {@code to} inclusive, do {@code step}. */
    ScriptedProvider onCalls(int from, int to, Step step) {
        for (int call = from; call <= to; call++) {
            script.put(call, step);
        }
        return this;
    }

    // ---- observation -----------------------------------------------------------------------------

    /** Every request received, in order. */
    List<HistoryRequest> requests() {
        return List.copyOf(requests);
    }

    int calls() {
        return calls.get();
    }

    /** The most calls that were running at the same time. */
    int mostConcurrentCalls() {
        return mostInFlight.get();
    }

    /** Wait until the next scripted block (one not waited for before) has begun. */
    boolean awaitBlocked(Duration timeout) throws InterruptedException {
        return blocksEntered.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Wait until a call has ended because it was interrupted (one not waited for before). */
    boolean awaitInterruptedCall(Duration timeout) throws InterruptedException {
        return interruptedCalls.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** End every block, now and later. */
    void release() {
        release.countDown();
    }

    /** A chat's history as the provider holds it, oldest first. */
    synchronized List<HistoricalMessage> history(String chatId) {
        return List.copyOf(histories.get(chatId));
    }

    // ---- HistoryProvider -------------------------------------------------------------------------

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public synchronized List<ChatDescription> listChats() {
        if (listFailure != null) {
            throw listFailure;
        }
        List<ChatDescription> chats = new ArrayList<>();
        histories.forEach((chatId, history) -> chats.add(new ChatDescription(chatId, "Chat " + chatId, false,
                history.isEmpty() ? null : history.get(history.size() - 1).timestamp(),
                estimates ? (long) history.size() : null)));
        return chats;
    }

    @Override
    public Set<PagingDirection> supportedDirections() {
        return newerPaging ? EnumSet.allOf(PagingDirection.class) : EnumSet.of(PagingDirection.OLDER);
    }

    @Override
    public SyncPolicy syncPolicy() {
        return policy;
    }

    @Override
    public SyncPolicy syncPolicy(HistoryRequest request) {
        return chatPolicies.getOrDefault(request.chatId(), policy);
    }

    @Override
    public Optional<String> chatIdProblem(String chatId) {
        return chatId.endsWith("@test") ? Optional.empty() : Optional.of("a scripted chat id ends in @test");
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
        int call = calls.incrementAndGet();
        requests.add(request);
        int running = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(running, Math::max);
        try {
            ProviderException chatFailure = failingChats.get(request.chatId());
            if (chatFailure != null) {
                throw chatFailure;
            }
            Step step = blockingChats.contains(request.chatId()) ? new Block() : script.get(call);
            if (step instanceof Answer answer) {
                return answer.page();
            }
            if (step instanceof Before before) {
                try {
                    before.action().run();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("a scripted action failed", e);
                }
            } else if (step != null) {
                play(step);
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            return answer(request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void play(Step step) throws ProviderException, InterruptedException {
        if (step instanceof Fail fail) {
            throw fail.failure();
        }
        if (step instanceof Crash crash) {
            throw crash.bug();
        }
        blocksEntered.release();
        if (step instanceof Block) {
            try {
                release.await();
            } catch (InterruptedException e) {
                interruptedCalls.release();
                throw e;
            }
        } else {
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    interrupted = true; // a bad plugin swallows it and carries on waiting
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized HistoryPage answer(HistoryRequest request) throws PermanentProviderException {
        List<HistoricalMessage> history = histories.get(request.chatId());
        if (history == null) {
            throw new PermanentProviderException("There is no chat " + request.chatId() + ".");
        }
        if (request.direction() == PagingDirection.NEWER && !newerPaging) {
            throw new PermanentProviderException("Scripted provider cannot page towards newer messages.");
        }
        int size = Math.min(request.limit(), pageCap);
        int from;
        int to;
        boolean reachedEnd;
        if (request.direction() == PagingDirection.OLDER) {
            to = request.cursor() == null ? history.size() : positionOf(history, request.cursor().messageId());
            from = Math.max(0, to - size);
            reachedEnd = from == 0;
        } else {
            from = request.cursor() == null ? 0 : positionOf(history, request.cursor().messageId()) + 1;
            to = Math.min(history.size(), from + size);
            reachedEnd = to == history.size();
        }
        List<HistoricalMessage> page = new ArrayList<>(history.subList(from, to));
        if (repeatMessagesInPage) {
            page.addAll(List.copyOf(page));
        }
        boolean end = reachedEnd && (!endOnlyOnEmptyPage || page.isEmpty());
        return new HistoryPage(page, end, estimates ? (long) history.size() : null);
    }

    private static int positionOf(List<HistoricalMessage> history, String messageId) throws PermanentProviderException {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).id().equals(messageId)) {
                return i;
            }
        }
        throw new PermanentProviderException("The cursor message " + messageId + " is not in this chat.");
    }
}

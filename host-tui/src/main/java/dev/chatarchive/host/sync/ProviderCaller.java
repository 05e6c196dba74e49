package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.api.SyncPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the sync engine calls a provider for a page: it throttles and it cancels, nothing else.
 *
 * <p>Timeouts and the typing of what a plugin throws belong to the plugin guard
 * ({@code dev.chatarchive.host.plugin.GuardedProvider}), which every provider of the application is
 * behind (see {@link ProviderDirectory}): it ends a call that runs over its time with a
 * {@link RetryableProviderException} and turns anything untyped a plugin throws into a
 * {@link dev.chatarchive.api.PermanentProviderException} with a sentence naming the plugin. This
 * class does not repeat that. What it adds needs a thread of its own per call, which the guard cannot
 * give:
 * <ul>
 *   <li>the call runs under the provider's {@link ProviderThrottle}, whose slot it holds until the
 *       call has really ended;
 *   <li>a cancel reaches the sync's worker within a second even when the provider ignores interrupts
 *       (the worker stops waiting; the call is interrupted and its late answer dropped);
 *   <li>a page that cannot even get its turn (every permit held by calls that do not end) becomes a
 *       retryable "busy" failure after the turn timeout, instead of holding the sync for ever.
 * </ul>
 * A provider not behind the guard (a test's, an embedder's) gets no timeout here, and what it throws
 * untyped is passed on unchanged (the sync then stops as crashed).
 */
public final class ProviderCaller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCaller.class);

    private final HistoryProvider provider;
    private final ProviderThrottle throttle;
    private final Map<SyncPolicy, ProviderThrottle> throttles = new ConcurrentHashMap<>();
    private final Duration turnTimeout;
    private final ExecutorService callThreads;

    /**
     * @param turnTimeout how long a page may wait for the throttle to let it start (plus the
     *                    provider's pause between requests) before it counts as a retryable failure
     */
    public ProviderCaller(HistoryProvider provider, ProviderThrottle throttle, Duration turnTimeout) {
        this.provider = Objects.requireNonNull(provider, "provider must not be null");
        this.throttle = Objects.requireNonNull(throttle, "throttle must not be null");
        this.turnTimeout = Objects.requireNonNull(turnTimeout, "turnTimeout must not be null");
        if (turnTimeout.isNegative() || turnTimeout.isZero()) {
            throw new IllegalArgumentException("turnTimeout must be positive, was " + turnTimeout);
        }
        this.callThreads = Executors.newCachedThreadPool(daemonThreads("provider-" + provider.info().id()));
        throttles.put(throttle.policy(), throttle);
    }

    /** The provider called. */
    public HistoryProvider provider() {
        return provider;
    }

    /** The throttle of the provider's own policy ({@link HistoryProvider#syncPolicy()}). */
    public ProviderThrottle throttle() {
        return throttle;
    }

    /**
     * The throttle a request goes through: one per distinct policy the provider gives for its
     * requests, so requests under one policy (the phone's) never wait for those under another (files).
     */
    public ProviderThrottle throttleFor(HistoryRequest request) {
        SyncPolicy policy;
        try {
            policy = provider.syncPolicy(request);
        } catch (RuntimeException e) {
            LOG.warn("{} failed to give the sync policy of a request; using its general one", provider.info().name(), e);
            policy = null;
        }
        if (policy == null) {
            return throttle;
        }
        return throttles.computeIfAbsent(policy, throttle::withPolicy);
    }

    /** The page size to ask for in {@code provisional} (whose limit is what is still wanted), under its policy. */
    public int pageSize(HistoryRequest provisional) {
        return throttleFor(provisional).pageSize(provisional.limit());
    }

    /**
     * Ask the provider for one page, under the request's throttle, waiting until it answers or the
     * calling thread is interrupted.
     *
     * @throws InterruptedException when the calling thread is interrupted; the provider's call is
     *         interrupted too and its answer, if it ever comes, is dropped
     */
    public HistoryPage fetch(HistoryRequest request) throws ProviderException, InterruptedException {
        return fetch(request, throttleFor(request));
    }

    /**
     * {@link #fetch(HistoryRequest)} under {@code throttle}, the one {@link #throttleFor} gave for this
     * request (or for the same request with another limit: a provider's policy names where a chat is
     * read from, not how much), so a page costs the provider one policy question, not one per call.
     */
    HistoryPage fetch(HistoryRequest request, ProviderThrottle throttle) throws ProviderException, InterruptedException {
        String name = provider.info().name();
        // Completed when the provider is called, or when the task ends without calling it.
        CompletableFuture<Void> turn = new CompletableFuture<>();
        Future<HistoryPage> call = callThreads.submit(() -> {
            try {
                return throttle.run(() -> {
                    turn.complete(null);
                    return provider.fetchHistory(request);
                });
            } finally {
                turn.complete(null);
            }
        });
        try {
            awaitTurn(name, turn, call, throttle);
            return call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw passOn(name, e.getCause());
        }
    }

    /**
     * Wait until the throttle lets the call start. A page queued behind other chats' pages waits its
     * turn; but a provider whose every permit is held by calls that never return must not hold this
     * sync for ever either.
     */
    private void awaitTurn(String name, CompletableFuture<Void> turn, Future<HistoryPage> call, ProviderThrottle throttle)
            throws InterruptedException, RetryableProviderException {
        long limit = turnTimeout.toMillis() + throttle.policy().pauseBetweenRequests().toMillis();
        try {
            turn.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new RetryableProviderException(name + " is busy with other requests; try again later.");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the turn signal never fails", e);
        }
    }

    /** What the call threw, as the engine's caller expects it; typing it is the guard's job. */
    private static ProviderException passOn(String name, Throwable failure) {
        if (failure instanceof ProviderException typed) {
            return typed;
        }
        if (failure instanceof InterruptedException) {
            // Not interrupted by us (we cancel only after we stop waiting): the provider gave up on its own.
            return new RetryableProviderException(name + " stopped answering (interrupted); try again.", failure);
        }
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(name + " threw a checked exception its signature does not allow", failure);
    }

    @Override
    public void close() {
        callThreads.shutdownNow();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PermanentProviderException;
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
 * The one way the sync engine calls a provider for a page.
 *
 * <p>Each call runs on a thread of its own, under the provider's {@link ProviderThrottle}, while the
 * sync's worker waits for it. That split is what keeps three promises that a plugin alone cannot.
 * In the application the provider is already behind the host's plugin guard
 * ({@code dev.chatarchive.host.plugin.GuardedProvider}), which times calls out and types what a
 * plugin throws; the engine does not rely on that (tests and embedders may hand it bare providers),
 * and it needs its own thread anyway, to hold the throttle's slot until a call has really ended:
 * <ul>
 *   <li>a cancel reaches the worker within a second even when the provider ignores interrupts (the
 *       worker stops waiting; the call is interrupted and its late answer dropped);
 *   <li>a call that never answers becomes a {@link RetryableProviderException} after {@code callTimeout};
 *   <li>anything else a plugin throws (a bug, a missing class) becomes a
 *       {@link PermanentProviderException} with a sentence for the user, and its trace goes to the log.
 * </ul>
 */
public final class ProviderCaller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProviderCaller.class);

    private final HistoryProvider provider;
    private final ProviderThrottle throttle;
    private final Map<SyncPolicy, ProviderThrottle> throttles = new ConcurrentHashMap<>();
    private final Duration callTimeout;
    private final ExecutorService callThreads;

    public ProviderCaller(HistoryProvider provider, ProviderThrottle throttle, Duration callTimeout) {
        this.provider = Objects.requireNonNull(provider, "provider must not be null");
        this.throttle = Objects.requireNonNull(throttle, "throttle must not be null");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout must not be null");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
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
            log.warn("{} failed to give the sync policy of a request; using its general one", provider.info().name(), e);
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
     * Ask the provider for one page, waiting at most the call timeout once the call has started.
     *
     * @throws InterruptedException when the calling thread is interrupted; the provider's call is
     *         interrupted too and its answer, if it ever comes, is dropped
     */
    public HistoryPage fetch(HistoryRequest request) throws ProviderException, InterruptedException {
        String name = provider.info().name();
        // Completed when the provider is called, or when the task ends without calling it.
        CompletableFuture<Void> turn = new CompletableFuture<>();
        ProviderThrottle throttle = throttleFor(request);
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
            HistoryPage page = call.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (page == null) {
                throw new PermanentProviderException(name + " answered a page request with nothing (a bug in the plugin).");
            }
            return page;
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new RetryableProviderException(name + " did not answer within " + callTimeout.toSeconds() + " seconds.");
        } catch (ExecutionException e) {
            throw translate(name, e.getCause());
        }
    }

    /**
     * Wait until the throttle lets the call start. The call timeout runs from the start, so a page
     * queued behind other chats' pages is not timed out for waiting its turn; but a provider whose
     * every permit is held by calls that never return must not hold this sync forever either.
     */
    private void awaitTurn(String name, CompletableFuture<Void> turn, Future<HistoryPage> call, ProviderThrottle throttle)
            throws InterruptedException, RetryableProviderException {
        long turnTimeout = callTimeout.toMillis() * 2 + throttle.policy().pauseBetweenRequests().toMillis();
        try {
            turn.get(turnTimeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new RetryableProviderException(name + " is busy with other requests; try again later.");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the turn signal never fails", e);
        }
    }

    private static ProviderException translate(String name, Throwable failure) {
        if (failure instanceof ProviderException providerFailure) {
            return providerFailure;
        }
        if (failure instanceof InterruptedException) {
            // Not interrupted by us (we cancel only after we stop waiting): the provider gave up on its own.
            return new RetryableProviderException(name + " stopped answering (interrupted); try again.", failure);
        }
        log.error("{} failed unexpectedly while fetching history", name, failure);
        return new PermanentProviderException(name + " failed unexpectedly (" + failure.getClass().getSimpleName()
                + "); see the log file for details.", failure);
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

package dev.chatarchive.host.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A sync that was accepted and is running (or has ended): wait for it, or cancel it. */
public final class SyncHandle {

    private final String chatId;
    private final String requestId;
    private final StopSignal signal;
    private final CompletableFuture<SyncOutcome> outcome = new CompletableFuture<>();

    SyncHandle(String chatId, String requestId, StopSignal signal) {
        this.chatId = Objects.requireNonNull(chatId);
        this.requestId = Objects.requireNonNull(requestId);
        this.signal = Objects.requireNonNull(signal);
    }

    public String chatId() {
        return chatId;
    }

    /** The id of the recorded sync request. */
    public String requestId() {
        return requestId;
    }

    /**
     * Ask the sync to stop and leave the chat {@code cancelled} (resumable). Returns at once; the
     * sync stops within a second even in the middle of a slow provider call. Harmless after the end.
     */
    public void cancel() {
        signal.request(StopSignal.Kind.CANCEL);
    }

    void stopForShutdown() {
        signal.request(StopSignal.Kind.SHUTDOWN);
    }

    /**
     * A plugin is ending the process: stop, and leave the chat {@code interrupted} (crashed) with
     * {@code sentence} as its error, resumable. Returns at once.
     */
    public void stopBecausePluginEnded(String sentence) {
        signal.request(StopSignal.Kind.PLUGIN_EXIT, sentence);
    }

    /** Whether the sync has ended and its final state is committed. */
    public boolean isDone() {
        return outcome.isDone();
    }

    /** Wait for the end. */
    public SyncOutcome await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sync run never fails its future", e.getCause());
        }
    }

    /** Wait for the end, at most {@code timeout}; empty if it has not ended by then. */
    public Optional<SyncOutcome> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sync run never fails its future", e.getCause());
        }
    }

    /** The outcome as a future, for callers that compose. */
    public CompletableFuture<SyncOutcome> outcome() {
        return outcome.copy();
    }

    void finish(SyncOutcome result) {
        outcome.complete(result);
    }
}

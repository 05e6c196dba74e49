package dev.chatarchive.host.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI's two queues: work that may block (database reads, sync engine and plugin calls) runs on
 * a background executor; its result comes back as a task on the UI queue, which only the UI thread
 * drains. So the UI thread never waits on the database writer or a plugin, and UI state is only
 * ever touched by the UI thread.
 */
final class BackgroundWork {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> uiTasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Runnable wakeUp;

    BackgroundWork(Executor executor, Runnable wakeUp) {
        this.executor = executor;
        this.wakeUp = wakeUp;
    }

    /**
     * Runs {@code work} in the background, then {@code then} with its result on the UI thread; on
     * failure, {@code failed} with a sentence for the user (the stack trace goes to the log).
     */
    <T> void run(String what, Callable<T> work, Consumer<T> then, Consumer<String> failed) {
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    T result = work.call();
                    toUi(() -> then.accept(result));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception | LinkageError e) {
                    LOG.warn("{} failed", what, e);
                    String sentence = e.getMessage() == null || e.getMessage().isBlank()
                            ? "Could not " + what + " (" + e.getClass().getSimpleName() + "); see the log file."
                            : e.getMessage();
                    toUi(() -> failed.accept(sentence));
                } finally {
                    inFlight.decrementAndGet();
                    wakeUp.run();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            LOG.debug("{} not started: the UI is closing", what);
        }
    }

    /** Queues {@code task} for the UI thread. Safe from any thread. */
    void toUi(Runnable task) {
        uiTasks.add(task);
        wakeUp.run();
    }

    /** Runs the queued UI tasks; returns how many ran. UI thread only. */
    int drain() {
        int ran = 0;
        Runnable task;
        while ((task = uiTasks.poll()) != null) {
            task.run();
            ran++;
        }
        return ran;
    }

    /** Whether no background work is running and no UI task is waiting. */
    boolean idle() {
        return inFlight.get() == 0 && uiTasks.isEmpty();
    }
}

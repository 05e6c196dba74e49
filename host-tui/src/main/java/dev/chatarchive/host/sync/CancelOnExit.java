package dev.chatarchive.host.sync;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for syncs in a process that may be asked to end (Ctrl-C, SIGTERM): while the wait lasts,
 * a shutdown hook cancels the syncs and holds the shutdown until the cancellation is recorded, so the
 * checkpoint says {@code cancelled} rather than {@code interrupted} (crashed).
 */
public final class CancelOnExit {

    private static final Logger LOG = LoggerFactory.getLogger(CancelOnExit.class);
    /** How long the process end waits for the cancelled sync to record its checkpoint. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private CancelOnExit() {
    }

    /** The wait itself, for example {@code handle::await}. */
    @FunctionalInterface
    public interface Await<T> {
        T await() throws InterruptedException;
    }

    /** Waits at most {@link #GRACE} for the cancelled syncs to end; whether they did. */
    @FunctionalInterface
    public interface GraceWait {
        boolean ended() throws InterruptedException;
    }

    /**
     * Waits for the sync(s) with {@code await}; if the process is asked to end meanwhile, runs
     * {@code cancel} and holds the shutdown while {@code graceWait} waits for the end to be recorded.
     */
    public static <T> T await(Runnable cancel, GraceWait graceWait, Await<T> await) throws InterruptedException {
        Thread hook = new Thread(() -> {
            cancel.run();
            try {
                if (!graceWait.ended()) {
                    LOG.warn("The cancelled sync did not record its end within {}; it will be recovered on the next start",
                            GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sync-cancel-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return await.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: it does the waiting.
            }
        }
    }
}

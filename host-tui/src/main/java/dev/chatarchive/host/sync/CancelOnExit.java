package dev.chatarchive.host.sync;

import dev.chatarchive.host.error.ExitCodes;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

    /** Why the process ends, when a plugin ended it; the wiring says how to tell (the plugin guard knows). */
    private static volatile Supplier<Optional<String>> endedByPlugin = Optional::empty;

    private CancelOnExit() {
    }

    /**
     * How to tell, while the process ends, whether a plugin ended it (its {@code System.exit} during a
     * call) and the sentence that says which plugin and which call; empty when it was not a plugin.
     * Set once by the application's wiring.
     */
    public static void explainExitsWith(Supplier<Optional<String>> explainer) {
        endedByPlugin = java.util.Objects.requireNonNull(explainer, "explainer must not be null");
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
     *
     * <p>When the process ends because a plugin called {@code System.exit} (not the user's Ctrl-C), runs
     * {@code pluginEnded} with the sentence that says which plugin and which call, never {@code cancel}:
     * the syncs are recorded as interrupted, not as cancelled by the user. The process then ends with
     * exit code 1, whatever code the plugin gave.
     */
    public static <T> T await(Runnable cancel, Consumer<String> pluginEnded, GraceWait graceWait, Await<T> await)
            throws InterruptedException {
        Thread hook = new Thread(() -> {
            Optional<String> byPlugin = endedByPlugin.get();
            if (byPlugin.isPresent()) {
                pluginEnded.accept(byPlugin.get());
            } else {
                cancel.run();
            }
            try {
                if (!graceWait.ended()) {
                    LOG.warn("The stopped sync did not record its end within {}; it will be recovered on the next start",
                            GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (byPlugin.isPresent()) {
                // The plugin's own exit code (often 0) must not tell a script that the sync went well.
                Runtime.getRuntime().halt(ExitCodes.FAILURE);
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

package dev.chatarchive.host.plugin;

import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.RetryableProviderException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls into one plugin's code so that nothing the plugin does can bring the host down.
 *
 * <p>Each call runs on a worker thread of this plugin (daemon threads named after it), with the
 * plugin's class loader as the thread's context class loader (libraries inside plugins that use
 * {@code ServiceLoader} find their own services), and the caller waits at most a timeout. Then:
 * <ul>
 *   <li>a {@link ProviderException} the plugin threw is passed on as it is: it is already typed;
 *   <li>an {@link InterruptedException} is passed on; when the caller is interrupted while waiting,
 *       the call is cancelled (its thread interrupted) and the caller gets the interruption;
 *   <li>running over the timeout cancels the call and becomes a {@link RetryableProviderException};
 *   <li>anything else (a RuntimeException, a LinkageError, a StackOverflowError, an
 *       OutOfMemoryError) is logged with its stack trace and becomes a {@link PermanentProviderException}
 *       whose message names the plugin, the call and the error. An error thrown inside the plugin's
 *       call has unwound the plugin's stack by the time it arrives here, so the memory it held is free
 *       again and the host goes on; the plugin is the one that failed. A plugin that keeps what it
 *       took (a static field) leaves the heap full, so an {@code OutOfMemoryError} from plugin code
 *       first releases the host's {@link HeapReserve}, which leaves room to report it.
 * </ul>
 * Worker threads never print to the terminal: whatever escapes them goes to the log.
 */
public final class PluginCallGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCallGuard.class);

    private final String owner;
    private final String pluginLabel;
    private final ClassLoader pluginClassLoader;
    private final ExecutorService workers;

    /**
     * @param owner             who the calls go to, for messages: "plugin 'whatsapp'" or "WhatsApp"
     * @param pluginClassLoader the plugin's class loader, set as context class loader during calls
     */
    public PluginCallGuard(String owner, ClassLoader pluginClassLoader) {
        this(owner, owner, pluginClassLoader);
    }

    /**
     * @param pluginLabel who the calls go to, naming the plugin: "plugin 'whatsapp' (provider WhatsApp)",
     *                    for the report of an exit the plugin causes ({@link PluginExits})
     */
    public PluginCallGuard(String owner, String pluginLabel, ClassLoader pluginClassLoader) {
        this.owner = owner;
        this.pluginLabel = pluginLabel;
        this.pluginClassLoader = pluginClassLoader;
        this.workers = Executors.newCachedThreadPool(daemonThreads(owner));
        HeapReserve.ensureTaken();
    }

    /** A call into plugin code that returns a value. */
    @FunctionalInterface
    public interface PluginCall<T> {
        T call() throws Exception;
    }

    /**
     * Runs {@code call} on a worker and waits at most {@code timeout} for it.
     *
     * @param what what the call does, for messages, for example "listing its chats"
     * @throws ProviderException typed as described in the class comment
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public <T> T call(String what, Duration timeout, PluginCall<T> call) throws ProviderException, InterruptedException {
        Future<T> future;
        try {
            future = workers.submit(inPluginContext(what, call));
        } catch (RejectedExecutionException e) {
            throw new PermanentProviderException(capitalised(owner) + " has been stopped; it cannot be asked for "
                    + what + " any more.", e);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.warn("{} did not finish {} within {}; the call was abandoned", owner, what, timeout);
            throw new RetryableProviderException(capitalised(owner) + " did not finish " + what + " within "
                    + describe(timeout) + "; try again later.", e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    /** Like {@link #call} for calls that return nothing. */
    public void run(String what, Duration timeout, PluginCall<Void> call) throws ProviderException, InterruptedException {
        call(what, timeout, call);
    }

    private ProviderException translate(String what, Throwable thrown) throws InterruptedException {
        if (thrown instanceof ProviderException typed) {
            LOG.info("{} reported a {} failure while {}: {}", owner, typed.isRetryable() ? "retryable" : "permanent",
                    what, typed.getMessage(), typed);
            return typed;
        }
        if (thrown instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        LOG.error("{} failed while {}", owner, what, thrown);
        return new PermanentProviderException(capitalised(owner) + " failed while " + what + ": " + summary(thrown)
                + ". Details are in the log file.", thrown);
    }

    private <T> Callable<T> inPluginContext(String what, PluginCall<T> call) {
        return () -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(pluginClassLoader);
            PluginExits.entering(pluginLabel + ", while " + what);
            // FutureTask catches every Throwable, Errors included, and hands it over as the cause of
            // an ExecutionException: the worker thread never dies of a plugin's failure.
            try {
                return call.call();
            } catch (OutOfMemoryError e) {
                HeapReserve.release();
                throw e;
            } finally {
                PluginExits.left();
                thread.setContextClassLoader(previous);
            }
        };
    }

    /** A short one-line description of what a plugin threw. */
    static String summary(Throwable thrown) {
        String message = thrown.getMessage();
        return thrown.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message.strip() + ")");
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static String describe(Duration timeout) {
        long seconds = timeout.toSeconds();
        return seconds >= 1 ? seconds + (seconds == 1 ? " second" : " seconds") : timeout.toMillis() + " ms";
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static ThreadFactory daemonThreads(String owner) {
        AtomicInteger count = new AtomicInteger();
        String prefix = "plugin-call-" + owner.replaceAll("[^A-Za-z0-9-]+", "-") + "-";
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            // Daemon: a call that hangs for ever must not keep the application from exiting.
            thread.setDaemon(true);
            // What escapes a worker (the executor failing to replace a worker on a full heap, say) is
            // logged, never printed as a stack trace on the user's terminal.
            thread.setUncaughtExceptionHandler((failed, error) ->
                    LOG.error("Thread {} of {} ended on an error", failed.getName(), owner, error));
            return thread;
        };
    }

}

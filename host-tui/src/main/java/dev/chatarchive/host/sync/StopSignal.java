package dev.chatarchive.host.sync;

import dev.chatarchive.api.ProviderException;

/**
 * How a request to stop reaches a running sync. The worker marks the stretches where it waits (on a
 * provider, on a backoff, on the throttle); a stop interrupts it only there. It is never interrupted
 * while it writes the archive, where an interrupt could abort a commit half-way through the JDBC
 * driver's work, so a stop takes effect at the next wait or the next page, whichever comes first.
 */
final class StopSignal {

    /** Why a sync was asked to stop. */
    enum Kind {
        /** The user cancelled: the checkpoint becomes {@code cancelled}. */
        CANCEL,
        /** The application is closing: the checkpoint becomes {@code interrupted} (shutdown). */
        SHUTDOWN,
        /**
         * A plugin ended the process (System.exit inside plugin code): the checkpoint becomes
         * {@code interrupted} (crashed) with the sentence naming the plugin; never {@code cancelled}.
         */
        PLUGIN_EXIT
    }

    /** Thrown inside the worker when a stop was requested. */
    static final class Stopped extends Exception {
        private final Kind kind;

        Stopped(Kind kind) {
            super("sync stopped: " + kind, null, false, false);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }

    /** A wait the worker may be interrupted in. */
    @FunctionalInterface
    interface Wait<T> {
        T call() throws ProviderException, InterruptedException;
    }

    private Kind requested;
    private String detail;
    private Thread waiter;

    /** Ask the sync to stop; the first request wins. Returns at once. */
    synchronized void request(Kind kind) {
        request(kind, null);
    }

    /** Ask the sync to stop, saying why in a sentence to record; the first request wins. */
    synchronized void request(Kind kind, String why) {
        if (requested == null) {
            requested = kind;
            detail = why;
        }
        if (waiter != null) {
            waiter.interrupt();
        }
    }

    /** The sentence given with the stop request, if any. */
    synchronized String detail() {
        return detail;
    }

    synchronized Kind requested() {
        return requested;
    }

    /** Throw {@link Stopped} if a stop was requested. */
    synchronized void check() throws Stopped {
        if (requested != null) {
            throw new Stopped(requested);
        }
    }

    /**
     * Run {@code wait} on this thread, interruptible by {@link #request}. An interrupt from anyone
     * else (the executor closing) counts as a shutdown.
     */
    <T> T during(Wait<T> wait) throws Stopped, ProviderException {
        synchronized (this) {
            check();
            waiter = Thread.currentThread();
        }
        try {
            return wait.call();
        } catch (InterruptedException e) {
            synchronized (this) {
                if (requested == null) {
                    requested = Kind.SHUTDOWN;
                }
                throw new Stopped(requested);
            }
        } finally {
            synchronized (this) {
                waiter = null;
                // An interrupt that arrived just as the wait ended must not leak into the archive write.
                Thread.interrupted();
            }
        }
    }
}

package dev.chatarchive.host.plugin;

import dev.chatarchive.host.text.TerminalSanitizer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an exit a plugin caused from any other end of the process. A plugin runs in the host's JVM
 * and can call {@code System.exit}; nothing on current JDKs can stop it. What the host can do is know
 * it happened: every call into plugin code is registered here while it runs ({@link PluginCallGuard}),
 * and when the JVM shuts down, a plugin thread standing in {@code Runtime.exit} is the one that asked.
 * Then the process reports "plugin X ended chat-archive while Y" instead of mistaking the shutdown for
 * the user's Ctrl-C.
 */
public final class PluginExits {

    private static final Logger LOG = LoggerFactory.getLogger(PluginExits.class);
    private static final Map<Thread, String> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static final AtomicBoolean WATCHING = new AtomicBoolean();

    private PluginExits() {
    }

    /** The current thread runs plugin code now: {@code call} says whose and what, for the sentence. */
    static void entering(String call) {
        IN_FLIGHT.put(Thread.currentThread(), call);
    }

    /** The current thread is back from plugin code. */
    static void left() {
        IN_FLIGHT.remove(Thread.currentThread());
    }

    /**
     * The plugin call that is ending the JVM ({@code System.exit} or {@code Runtime.exit} from inside
     * plugin code), as "plugin 'x' (provider X), while fetching history of ...", or empty when the
     * process ends for another reason (the user's Ctrl-C, a normal end).
     */
    public static Optional<String> exitingCall() {
        for (Map.Entry<Thread, String> call : IN_FLIGHT.entrySet()) {
            for (StackTraceElement frame : call.getKey().getStackTrace()) {
                if ((frame.getClassName().equals("java.lang.Shutdown") || frame.getClassName().equals("java.lang.Runtime"))
                        && frame.getMethodName().equals("exit")) {
                    return Optional.of(call.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** The sentence for the user when {@code call} ended the process. */
    public static String sentence(String call) {
        return "chat-archive was ended by " + call + ": the plugin called System.exit. Plugins run with your "
                + "permissions; if it does this again, remove it from the plugins folder.";
    }

    /**
     * If a plugin call is ending the process, says so once (on stderr and in the log) and returns the
     * sentence; else empty. Safe to call from several shutdown hooks at once.
     */
    public static Optional<String> reportIfEndedByPlugin() {
        Optional<String> call = exitingCall();
        if (call.isPresent() && REPORTED.compareAndSet(false, true)) {
            String sentence = sentence(call.get());
            LOG.error("{}", sentence);
            System.err.println(TerminalSanitizer.sanitizeLine(sentence));
            System.err.flush();
        }
        return call.map(PluginExits::sentence);
    }

    /** Registers, once per process, the shutdown hook that reports an exit a plugin caused. */
    static void watch() {
        if (WATCHING.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(PluginExits::reportIfEndedByPlugin, "plugin-exit-report"));
        }
    }
}

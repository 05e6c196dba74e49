package dev.chatarchive.host.app;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.UserInterface;
import dev.chatarchive.host.cache.RecentChats;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.GuardedProvider;
import dev.chatarchive.host.ui.FileOpener;
import dev.chatarchive.host.ui.Keymap;
import dev.chatarchive.host.ui.KeymapException;
import dev.chatarchive.host.ui.SyncControls;
import dev.chatarchive.host.ui.TerminalUi;
import dev.chatarchive.host.ui.Terminals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code chat-archive} without a subcommand opens: the terminal UI over the host's archive,
 * providers and sync engine.
 *
 * <p>Wiring: reads go through the {@link RecentChats} cache; the sync controls invalidate a chat in
 * that cache when the engine reports a committed batch, before the UI hears of it; provider events
 * (pairing codes, connection states) reach the UI through the host's event bus. Plugins are loaded
 * on a background thread once the first screen (the chat list) is drawn, so they neither delay it
 * nor compete with it for the processor, even when a provider is slow to start; until they are
 * loaded the status line says so, and a sync or an import asked for meanwhile loads them itself (or
 * waits for the loading under way), exactly as later.
 *
 * <p>The terminal is a real text terminal (never Lanterna's Swing window), with Ctrl-C delivered as
 * a key (the keymap binds it to quit) instead of killing the JVM past the host's cleanup.
 */
public final class TerminalApp implements UserInterface {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalApp.class);
    /** The user's keymap file, beside the config file. */
    public static final String KEYMAP_FILE = "keymap.properties";

    /** Makes the terminal to draw on; tests give a virtual one. */
    @FunctionalInterface
    public interface TerminalSource {
        Terminal open() throws IOException;
    }

    private final TerminalSource terminals;
    private final Function<Host, SyncControls> syncControls;
    /** Whether this draws on the process's own terminal (not a test's virtual one). */
    private final boolean realTerminal;

    /** The real terminal, with the sync engine the host offers. */
    public TerminalApp(Function<Host, SyncControls> syncControls) {
        this(Terminals::openText, syncControls, true);
    }

    public TerminalApp(TerminalSource terminals, Function<Host, SyncControls> syncControls) {
        this(terminals, syncControls, false);
    }

    private TerminalApp(TerminalSource terminals, Function<Host, SyncControls> syncControls, boolean realTerminal) {
        this.terminals = terminals;
        this.syncControls = syncControls;
        this.realTerminal = realTerminal;
    }

    /**
     * Without a terminal (input or output redirected, run from a script or a service), the screen cannot
     * be drawn: one line says so, before anything is opened. Only for the real terminal; a test's virtual
     * one is always there.
     */
    @Override
    public java.util.Optional<String> unavailable() {
        if (!realTerminal) {
            return java.util.Optional.empty();
        }
        return hasTerminal() ? java.util.Optional.empty()
                : java.util.Optional.of("chat-archive's screen needs a terminal, and this is not one (input or output "
                + "is redirected). Run it in a terminal, or use a command: chat-archive --help");
    }

    /** Whether this process's input and output are a terminal. */
    static boolean hasTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22 and newer hand out a Console even when redirected; isTerminal() tells.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true; // before Java 22, System.console() is null unless both ends are a terminal
        }
    }

    @Override
    public int run(Host host) throws Exception {
        RecentChats cache = new RecentChats(new StoreArchiveReader(host.archive()));
        SyncControls sync = syncControls.apply(host);
        Path keymapFile = host.locations().configFile().resolveSibling(KEYMAP_FILE);
        Keymap keymap;
        String keymapProblem = null;
        try {
            keymap = Keymap.load(keymapFile);
        } catch (KeymapException e) {
            keymap = Keymap.defaults();
            keymapProblem = e.getMessage() + " The default keys are in use.";
        }
        ExecutorService background = Executors.newFixedThreadPool(3, daemonThreads());
        Terminal terminal = terminals.open();
        // the terminal holds the real stdout now; anything else printing to it would draw over the screen
        host.routeStandardStreamsToLog();
        try (Screen screen = new TerminalScreen(terminal)) {
            screen.startScreen();
            TerminalUi ui = createUi(screen, cache, sync, keymap, background, ZoneId.systemDefault(), host.clock());
            ui.useFileOpener(FileOpener.system(host.settings().hostSetting("ui.open-command").map(String::strip),
                    System.getenv()));
            AutoCloseable subscription = host.events().subscribe(published ->
                    ui.providerEvent(providerName(host, published.providerId()), published.event()));
            ui.pluginsLoading(true);
            ui.afterFirstScreen(() -> reportProviders(host, ui));
            ui.start();
            if (keymapProblem != null) {
                ui.alert("Keymap file not used", keymapProblem);
            }
            try {
                ui.run();
            } finally {
                subscription.close();
            }
        } finally {
            background.shutdownNow();
        }
        return ExitCodes.OK;
    }

    /**
     * The UI over the cache and the sync engine, wired so that the engine's "chat changed" reaches the
     * cache (invalidate) before the UI (re-read), and the debug view shows the cache's statistics.
     */
    public static TerminalUi createUi(Screen screen, RecentChats cache, SyncControls sync, Keymap keymap,
                               Executor background, ZoneId zone, Clock clock) {
        sync.addListener(cache::invalidate);
        return new TerminalUi(screen, cache, sync, keymap, background, zone, clock, cache::debugLines);
    }

    /** Loads the plugins (slow: a provider may start a process) and shows each provider's state. */
    private static void reportProviders(Host host, TerminalUi ui) {
        try {
            List<String> broken = new ArrayList<>();
            for (GuardedProvider provider : host.providers().providers()) {
                if (provider.isStarted()) {
                    ui.providerStatus(provider.info().name(), provider.status());
                } else {
                    provider.problem().ifPresent(broken::add);
                }
            }
            if (!broken.isEmpty()) {
                ui.notice(broken.get(0) + (broken.size() > 1 ? " (and " + (broken.size() - 1) + " more; see chat-archive plugins)" : ""), true);
            }
        } catch (RuntimeException e) {
            LOG.warn("Loading the providers failed", e);
            ui.notice("The plugins could not be loaded: " + e.getMessage() + " See the log file.", true);
        } finally {
            ui.pluginsLoading(false);
        }
    }

    private static String providerName(Host host, String providerId) {
        try {
            return host.providers().find(providerId).map(provider -> provider.info().name()).orElse(providerId);
        } catch (RuntimeException e) {
            return providerId;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "ui-background-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

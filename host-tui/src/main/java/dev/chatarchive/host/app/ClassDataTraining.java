package dev.chatarchive.host.app;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.chatarchive.host.ui.TerminalUi;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The launcher's class-data-sharing training run (see {@code ./chat-archive}, "AppCDS"): with the
 * system property {@value #PROPERTY} set, chat-archive without a command draws its first screen (the
 * chat list) on a virtual terminal instead of the user's, then quits as if the user pressed q. The
 * launcher runs it once after the jars or the JDK change, in the background, on a throwaway data
 * folder, with {@code -XX:ArchiveClassesAtExit}, so the JVM records exactly the classes the first
 * screen needs; later launches map them from that archive instead of loading them from the jars.
 */
final class ClassDataTraining {

    /** The system property that asks for the training run. */
    static final String PROPERTY = "chatarchive.cds.training";

    /** What the chat list's title begins with once the list is drawn (TerminalUi's header). */
    static final String FIRST_SCREEN = "Chats (";

    private ClassDataTraining() {
    }

    /**
     * How long a training run may take: as long as the launcher waits before it takes over a training
     * run's lock. A run whose first screen never shows must not linger in the background after that.
     */
    static final Duration LIMIT = Duration.ofMinutes(10);

    /**
     * Starts a daemon thread that runs {@code giveUp} once {@code limit} has passed; the training run
     * passes a halt with a failing code, so the launcher keeps no archive from it.
     */
    static Thread giveUpAfter(Duration limit, Runnable giveUp) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                giveUp.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cds-training-limit");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    /** Whether this JVM is the launcher's training run. */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * How long the training run waits, once the chat list shows, for it to hold a chat: the first frame
     * is drawn before the list has been read ("Chats (0)"), and the classes that read it, and the
     * plugins' (whose first run imports the sample chats), must be in the archive too. An archive that
     * stays empty ends the run after this.
     */
    static final Duration EMPTY_LIST_WAIT = Duration.ofSeconds(5);

    /**
     * A virtual terminal of a common size that presses Esc and q once a drawn screen shows the chat
     * list holding chats and the plugins loaded (or {@link #EMPTY_LIST_WAIT} after it first showed an
     * empty list), so the UI quits through its own key handling, as a user's session ends.
     */
    static Terminal firstScreenThenQuit() {
        return firstScreenThenQuit(EMPTY_LIST_WAIT);
    }

    /** The same, waiting {@code emptyListWait} for an empty chat list to fill. */
    static Terminal firstScreenThenQuit(Duration emptyListWait) {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        AtomicBoolean quitting = new AtomicBoolean();
        Runnable quit = () -> {
            if (quitting.compareAndSet(false, true)) {
                terminal.addInput(KeyStroke.fromString("<esc>"));
                terminal.addInput(KeyStroke.fromString("q"));
            }
        };
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            private boolean listShown;

            @Override
            public void onFlush() {
                int chats = listedChats(terminal);
                if (chats > 0 && !pluginsLoading(terminal)) {
                    quit.run();
                } else if (chats == 0 && !listShown) {
                    listShown = true;
                    giveUpAfter(emptyListWait, quit);
                }
            }

            @Override
            public void onBell() {
            }

            @Override
            public void onClose() {
            }

            @Override
            public void onResized(Terminal resized, TerminalSize newSize) {
            }
        });
        return terminal;
    }

    /**
     * Whether the status line says the plugins are loading: they load once the chat list is drawn,
     * and their classes belong in the archive too (a sync or an import uses them).
     */
    static boolean pluginsLoading(DefaultVirtualTerminal terminal) {
        for (int row = 0; row < terminal.getTerminalSize().getRows(); row++) {
            if (line(terminal, row).indexOf(TerminalUi.PLUGINS_LOADING) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** N of the "Chats (N)" the screen shows, or -1 while it shows none. */
    static int listedChats(DefaultVirtualTerminal terminal) {
        for (int row = 0; row < terminal.getTerminalSize().getRows(); row++) {
            StringBuilder line = line(terminal, row);
            int at = line.indexOf(FIRST_SCREEN);
            int end = at < 0 ? -1 : line.indexOf(")", at);
            if (end > 0) {
                try {
                    return Integer.parseInt(line.substring(at + FIRST_SCREEN.length(), end));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** One row of the screen as drawn. */
    private static StringBuilder line(DefaultVirtualTerminal terminal, int row) {
        int columns = terminal.getTerminalSize().getColumns();
        StringBuilder line = new StringBuilder(columns);
        for (int column = 0; column < columns; column++) {
            line.append(terminal.getCharacter(column, row).getCharacterString());
        }
        return line;
    }
}

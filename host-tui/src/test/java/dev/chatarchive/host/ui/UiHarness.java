package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.fail;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.chatarchive.host.app.StoreArchiveReader;
import dev.chatarchive.host.app.TerminalApp;
import dev.chatarchive.host.cache.RecentChats;
import dev.chatarchive.host.store.Archive;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Drives the real UI on a Lanterna virtual terminal: keys in, screen text out. The UI loop runs on
 * the test thread ({@link TerminalUi#pump()}); background work runs on a real executor, and
 * {@link #settle()} steps the loop until that work is done and drawn.
 */
final class UiHarness implements AutoCloseable {

    private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final RecentChats cache;
    final TerminalUi ui;
    private final ExecutorService background = Executors.newFixedThreadPool(2);

    UiHarness(Archive archive, SyncControls sync, Clock clock, int columns, int rows) throws IOException {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        screen = new TerminalScreen(terminal);
        screen.startScreen();
        cache = new RecentChats(new StoreArchiveReader(archive));
        ui = TerminalApp.createUi(screen, cache, sync, Keymap.defaults(), background, ZoneOffset.UTC, clock);
        ui.start();
        settle();
    }

    /** Presses keys and waits until the UI has handled them and drawn the result. */
    UiHarness press(KeyStroke... strokes) {
        for (KeyStroke stroke : strokes) {
            terminal.addInput(stroke);
        }
        settle();
        return this;
    }

    UiHarness press(char... characters) {
        for (char c : characters) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        settle();
        return this;
    }

    /** Presses a key without waiting for the work it starts (which may block until the test lets it go). */
    void pressAndGoOn(char character) {
        terminal.addInput(new KeyStroke(character, false, false));
    }

    UiHarness press(KeyType type) {
        return press(new KeyStroke(type));
    }

    UiHarness ctrl(char c) {
        return press(new KeyStroke(c, true, false));
    }

    /** Types text, then Enter. */
    UiHarness type(String text) {
        for (char c : text.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        terminal.addInput(new KeyStroke(KeyType.Enter));
        settle();
        return this;
    }

    void resize(int columns, int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
        settle();
    }

    /** Steps the UI loop until no background work is left and the screen shows the result. */
    void settle() {
        long deadline = System.nanoTime() + SETTLE_LIMIT_NANOS;
        try {
            while (true) {
                ui.pump();
                if (ui.idle()) {
                    ui.pump();
                    if (ui.idle()) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    fail("the UI did not settle; screen:\n" + text());
                }
                Thread.sleep(1);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Steps the UI loop until the screen satisfies {@code condition}: for changes that come from
     * another thread (the sync engine), not from the UI's own background work.
     */
    void settleUntil(java.util.function.Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + SETTLE_LIMIT_NANOS;
        try {
            while (true) {
                // no waiting for idle here: the change may come while a background call still runs
                ui.pump();
                if (condition.test(text())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("the screen never showed " + what + "; screen:\n" + text());
                }
                Thread.sleep(2);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void settleUntilShown(String text) {
        settleUntil(screen -> screen.contains(text), "\"" + text + "\"");
    }

    /** The visible screen, one string per row, trailing spaces removed; a wide character appears once. */
    List<String> rows() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < size.getColumns(); col++) {
                TextCharacter cell = terminal.getCharacter(col, row);
                line.append(cell.getCharacterString());
                if (cell.isDoubleWidth()) {
                    col++;
                }
            }
            rows.add(line.toString().stripTrailing());
        }
        return rows;
    }

    String text() {
        return String.join("\n", rows());
    }

    /** How many messages the open chat's window holds (from the debug view's numbers). */
    int debugWindowSize() {
        return ui.messageWindowSize();
    }

    TextCharacter cell(int col, int row) {
        return terminal.getCharacter(col, row);
    }

    @Override
    public void close() throws IOException {
        background.shutdownNow();
        screen.stopScreen();
    }
}

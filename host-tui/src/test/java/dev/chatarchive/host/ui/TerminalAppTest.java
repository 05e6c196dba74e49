package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.app.TerminalApp;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.plugin.FixturePlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The UI as {@code chat-archive} opens it: over a host with its own data folder, on a virtual terminal. */
class TerminalAppTest {

    @TempDir
    Path home;

    /** Records every screen drawn and presses Esc and q once a screen shows {@code quitWhenShown}. */
    private static List<String> quitWhenShown(DefaultVirtualTerminal terminal, String text) {
        List<String> screens = new CopyOnWriteArrayList<>();
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            private boolean quitting;

            @Override
            public void onFlush() {
                String screen = screenOf(terminal);
                screens.add(screen);
                if (!quitting && screen.contains(text)) {
                    quitting = true;
                    terminal.addInput(KeyStroke.fromString("<esc>"));
                    terminal.addInput(KeyStroke.fromString("q"));
                }
            }

            @Override
            public void onBell() {
            }

            @Override
            public void onClose() {
            }

            @Override
            public void onResized(Terminal terminal, TerminalSize newSize) {
            }
        });
        return screens;
    }

    private HostOptions options() {
        return options(LocationOverrides.NONE);
    }

    private HostOptions options(LocationOverrides overrides) {
        return new HostOptions(overrides, new HostEnvironment(Map.of(), home, null),
                SampleChats.CLOCK, CallTimeouts.DEFAULT, false);
    }

    /** The screen as drawn, a line per row. */
    private static String screenOf(DefaultVirtualTerminal terminal) {
        StringBuilder screen = new StringBuilder();
        for (int row = 0; row < terminal.getTerminalSize().getRows(); row++) {
            for (int column = 0; column < terminal.getTerminalSize().getColumns(); column++) {
                screen.append(terminal.getCharacter(column, row).getCharacterString());
            }
            screen.append('\n');
        }
        return screen.toString();
    }

    /** A frame as drawn, and whether the host's plugins had been asked for when it was. */
    private record Frame(String screen, boolean pluginsRequested) {
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
    void run_loadsThePluginsOnlyOnceTheChatListIsDrawn_andABrokenOneStillSaysWhatIsWrong() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        FixturePlugins.providerFailsToStart(plugins);
        String problem = "It failed to start: No account is configured for sulky.";
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(160, 20));
        AtomicReference<Host> opened = new AtomicReference<>();
        List<Frame> frames = new CopyOnWriteArrayList<>();
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            private boolean quitting;

            @Override
            public void onFlush() {
                String screen = screenOf(terminal);
                frames.add(new Frame(screen, opened.get().providersRequested()));
                // every state on the way is legal; quit once the plugins' outcome is on screen and the loading over
                if (!quitting && screen.contains(problem)
                        && !screen.contains(TerminalUi.PLUGINS_LOADING)) {
                    quitting = true;
                    terminal.addInput(KeyStroke.fromString("<esc>"));
                    terminal.addInput(KeyStroke.fromString("q"));
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

        int code;
        try (Host host = Host.open(options(new LocationOverrides(null, null, null, plugins)))) {
            opened.set(host);
            code = new TerminalApp(() -> terminal, h -> SyncControls.NONE).run(host);
        }

        assertEquals(ExitCodes.OK, code);
        int listDrawn = 0;
        while (listDrawn < frames.size() && !frames.get(listDrawn).screen().contains("No chats yet")) {
            listDrawn++;
        }
        assertTrue(listDrawn < frames.size(), "the read chat list was never drawn");
        for (int i = 0; i <= listDrawn; i++) {
            assertFalse(frames.get(i).pluginsRequested(), "plugins asked for before the chat list was drawn, frame "
                    + i + ":\n" + frames.get(i).screen());
        }
        assertTrue(frames.get(listDrawn).screen().contains("Sync idle │ " + TerminalUi.PLUGINS_LOADING),
                frames.get(listDrawn).screen());
        assertTrue(frames.get(frames.size() - 1).pluginsRequested());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
    void run_freshArchive_showsTheEmptyChatListAndQuitsOnQ() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(90, 20));
        List<String> screens = quitWhenShown(terminal, "No chats yet");

        int code;
        try (Host host = Host.open(options())) {
            code = new TerminalApp(() -> terminal, h -> SyncControls.NONE).run(host);
        }

        assertEquals(ExitCodes.OK, code);
        String last = screens.stream().filter(screen -> screen.contains("No chats yet")).findFirst().orElseThrow();
        assertTrue(last.contains("chat-archive │ Chats (0)"), last);
        assertTrue(last.contains("Import an export file (chat-archive import FILE)"), last);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
    void run_brokenKeymapFile_saysWhatIsWrongAndUsesTheDefaultKeys() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(160, 20));
        List<String> screens = quitWhenShown(terminal, "Keymap file not used");
        int code;
        try (Host host = Host.open(options())) {
            Path keymap = host.locations().configFile().resolveSibling(TerminalApp.KEYMAP_FILE);
            Files.createDirectories(keymap.getParent());
            Files.writeString(keymap, "scroll-down = j\n");

            code = new TerminalApp(() -> terminal, h -> SyncControls.NONE).run(host);
        }

        assertEquals(ExitCodes.OK, code);
        String shown = screens.stream().filter(screen -> screen.contains("Keymap file not used")).findFirst().orElseThrow();
        assertTrue(shown.contains("line 1: 'scroll-down' is not an action"), shown);
        assertTrue(shown.contains("default keys are in use."), shown);
    }
}

package dev.chatarchive.host.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.ui.SyncControls;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run: the real UI draws its first screen on a virtual terminal and quits by itself. */
class ClassDataTrainingTest {

    @TempDir
    Path home;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
    void firstScreenThenQuit_theUiDrawsTheChatListThenEndsLikeAUsersQ() throws Exception {
        Terminal terminal = ClassDataTraining.firstScreenThenQuit();
        List<String> screens = screens((DefaultVirtualTerminal) terminal);
        HostOptions options = new HostOptions(LocationOverrides.NONE, new HostEnvironment(Map.of(), home, null),
                Clock.systemUTC(), CallTimeouts.DEFAULT, false);

        int code;
        try (Host host = Host.open(options)) {
            code = new TerminalApp(() -> terminal, h -> SyncControls.NONE).run(host);
        }

        assertEquals(ExitCodes.OK, code);
        assertTrue(screens.stream().anyMatch(screen -> screen.contains("│ " + ClassDataTraining.FIRST_SCREEN + "0)")),
                String.join("\n----\n", screens));
    }

    @Test
    void firstScreenThenQuit_anEmptyListFirst_waitsUntilTheListHoldsChats() throws Exception {
        DefaultVirtualTerminal terminal = (DefaultVirtualTerminal) ClassDataTraining.firstScreenThenQuit(Duration.ofMinutes(10));

        draw(terminal, " chat-archive │ Chats (0)");
        assertNull(terminal.pollInput(), "quit at the first frame, before the chat list was read");
        draw(terminal, " chat-archive │ Chats (3)");

        assertEquals(KeyType.Escape, terminal.pollInput().getKeyType());
        assertEquals('q', terminal.pollInput().getCharacter());
        draw(terminal, " chat-archive │ Chats (3)");
        assertNull(terminal.pollInput(), "quits once");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure of speed
    void firstScreenThenQuit_aListThatStaysEmpty_quitsAfterTheWait() throws Exception {
        DefaultVirtualTerminal terminal = (DefaultVirtualTerminal) ClassDataTraining.firstScreenThenQuit(Duration.ofMillis(50));

        draw(terminal, " chat-archive │ Chats (0)");

        KeyStroke first = terminal.readInput(); // blocks until the wait has passed
        assertEquals(KeyType.Escape, first.getKeyType());
        assertEquals('q', terminal.readInput().getCharacter());
    }

    @Test
    void listedChats_readsTheCountOfTheChatListsTitle() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(60, 5));
        assertEquals(-1, ClassDataTraining.listedChats(terminal));
        terminal.setCursorPosition(0, 0);
        for (char c : " chat-archive │ Chats (2000)".toCharArray()) {
            terminal.putCharacter(c);
        }
        assertEquals(2000, ClassDataTraining.listedChats(terminal));
    }

    @Test
    void pluginsLoading_readsTheStatusLinesMark() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(60, 5));
        draw(terminal, " chat-archive │ Chats (5)");
        assertFalse(ClassDataTraining.pluginsLoading(terminal));
        terminal.setCursorPosition(0, 4);
        for (char c : (" Sync idle │ " + dev.chatarchive.host.ui.TerminalUi.PLUGINS_LOADING).toCharArray()) {
            terminal.putCharacter(c);
        }
        assertTrue(ClassDataTraining.pluginsLoading(terminal));
    }

    private static void draw(DefaultVirtualTerminal terminal, String title) throws Exception {
        terminal.clearScreen();
        terminal.setCursorPosition(0, 0);
        for (char c : title.toCharArray()) {
            terminal.putCharacter(c);
        }
        terminal.flush();
    }

    @Test
    void giveUpAfter_aRunThatOutlastsItsLimit_isEndedFromADaemonThread() throws Exception {
        CountDownLatch gaveUp = new CountDownLatch(1);

        Thread watchdog = ClassDataTraining.giveUpAfter(Duration.ofMillis(50), gaveUp::countDown);

        assertTrue(watchdog.isDaemon(), "it must not keep a finished run alive");
        assertTrue(gaveUp.await(60, TimeUnit.SECONDS), "the limit passed and nothing gave up");
    }

    @Test
    void requested_onlyWithThePropertySetToTrue() {
        String before = System.getProperty(ClassDataTraining.PROPERTY);
        try {
            System.clearProperty(ClassDataTraining.PROPERTY);
            assertEquals(false, ClassDataTraining.requested());
            System.setProperty(ClassDataTraining.PROPERTY, "true");
            assertEquals(true, ClassDataTraining.requested());
        } finally {
            if (before == null) {
                System.clearProperty(ClassDataTraining.PROPERTY);
            } else {
                System.setProperty(ClassDataTraining.PROPERTY, before);
            }
        }
    }

    private static List<String> screens(DefaultVirtualTerminal terminal) {
        List<String> screens = new CopyOnWriteArrayList<>();
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                StringBuilder screen = new StringBuilder();
                for (int row = 0; row < terminal.getTerminalSize().getRows(); row++) {
                    for (int column = 0; column < terminal.getTerminalSize().getColumns(); column++) {
                        screen.append(terminal.getCharacter(column, row).getCharacterString());
                    }
                    screen.append('\n');
                }
                screens.add(screen.toString());
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
        return screens;
    }
}

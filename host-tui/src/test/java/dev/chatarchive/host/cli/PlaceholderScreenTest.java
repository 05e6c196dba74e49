package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.chatarchive.host.ExitCodes;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.plugin.CallTimeouts;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholderScreenTest {

    @TempDir
    Path home;

    /** The screen as last drawn (the terminal is restored when the screen closes, so look on every flush). */
    private static List<String> drawnLines(DefaultVirtualTerminal terminal, List<String> snapshot) {
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                snapshot.clear();
                for (int row = 0; row < terminal.getTerminalSize().getRows(); row++) {
                    StringBuilder line = new StringBuilder();
                    for (int column = 0; column < terminal.getTerminalSize().getColumns(); column++) {
                        line.append(terminal.getCharacter(column, row).getCharacterString());
                    }
                    snapshot.add(line.toString().strip());
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
        return snapshot;
    }

    @Test
    void run_saysTheUiIsComingAndQuitsOnQ() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(100, 12));
        List<String> drawn = drawnLines(terminal, new ArrayList<>());
        terminal.addInput(KeyStroke.fromString("x"));
        terminal.addInput(KeyStroke.fromString("q"));
        HostOptions options = new HostOptions(LocationOverrides.NONE, new HostEnvironment(Map.of(), home, null),
                Clock.systemUTC(), CallTimeouts.DEFAULT, false);

        int code;
        try (Host host = Host.open(options)) {
            code = new PlaceholderScreen(() -> terminal).run(host);
        }

        assertEquals(ExitCodes.OK, code);
        assertTrue(drawn.contains("The terminal UI is coming. Until then, try 'chat-archive --help'."), drawn.toString());
        assertTrue(drawn.contains("Press q to quit."), drawn.toString());
    }
}

package dev.chatarchive.host.cli;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import dev.chatarchive.host.ExitCodes;
import dev.chatarchive.host.Host;
import dev.chatarchive.host.UserInterface;
import java.io.IOException;

/**
 * Stands in for the terminal UI until it lands: one screen saying so, closed with q or Escape.
 */
public final class PlaceholderScreen implements UserInterface {

    /** Makes the terminal to draw on; tests give a virtual one. */
    @FunctionalInterface
    public interface TerminalSource {
        Terminal open() throws IOException;
    }

    private final TerminalSource terminals;

    public PlaceholderScreen() {
        this(() -> new DefaultTerminalFactory().createTerminal());
    }

    public PlaceholderScreen(TerminalSource terminals) {
        this.terminals = terminals;
    }

    @Override
    public int run(Host host) throws IOException {
        try (Screen screen = new TerminalScreen(terminals.open())) {
            screen.startScreen();
            host.routeStandardStreamsToLog();
            screen.setCursorPosition(null);
            var text = screen.newTextGraphics();
            text.putString(new TerminalPosition(2, 1), "chat-archive");
            text.putString(new TerminalPosition(2, 3), "The terminal UI is coming. Until then, try 'chat-archive --help'.");
            text.putString(new TerminalPosition(2, 4), "Archive: " + host.locations().archiveFile().getFileName());
            text.putString(new TerminalPosition(2, 6), "Press q to quit.");
            screen.refresh();
            while (true) {
                KeyStroke key = screen.readInput();
                if (key == null || key.getKeyType() == KeyType.EOF || key.getKeyType() == KeyType.Escape
                        || (key.getKeyType() == KeyType.Character && Character.toLowerCase(key.getCharacter()) == 'q')) {
                    return ExitCodes.OK;
                }
            }
        }
    }
}

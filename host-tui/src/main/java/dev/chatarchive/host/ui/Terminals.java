package dev.chatarchive.host.ui;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import java.io.IOException;
import java.nio.charset.Charset;

/** The terminal the app draws on. */
public final class Terminals {

    private Terminals() {
    }

    /**
     * The user's real text terminal (never Lanterna's Swing window), with Ctrl-C delivered as a key
     * (the keymap binds it to quit) instead of killing the JVM past the host's cleanup.
     */
    public static Terminal openText() throws IOException {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            return WholeGraphemeTerminal.onControllingTerminal(System.in, System.out, Charset.defaultCharset(),
                    UnixLikeTerminal.CtrlCBehaviour.TRAP);
        }
        return new DefaultTerminalFactory()
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                .createTerminal();
    }
}

package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeGraphemeTerminalTest {

    private static final String STTY = "com.googlecode.lanterna.terminal.UnixTerminal.sttyCommand";
    private String previousStty;

    @BeforeEach
    void noRealTty() {
        // The tests run without a terminal: let Lanterna's tty set-up run a command that does nothing.
        previousStty = System.setProperty(STTY, "true");
    }

    @AfterEach
    void restore() {
        if (previousStty == null) {
            System.clearProperty(STTY);
        } else {
            System.setProperty(STTY, previousStty);
        }
    }

    @Test
    void putString_emojiOutsideTheBasicPlane_isWrittenAsItsUtf8BytesNotQuestionMarks(@TempDir Path folder) throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        Path fakeTty = Files.createFile(folder.resolve("tty"));
        WholeGraphemeTerminal terminal = new WholeGraphemeTerminal(fakeTty.toFile(), new ByteArrayInputStream(new byte[0]),
                written, StandardCharsets.UTF_8, UnixLikeTerminal.CtrlCBehaviour.TRAP);

        terminal.putString("👍🏽");

        assertEquals("👍🏽", written.toString(StandardCharsets.UTF_8));
    }
}

package dev.chatarchive.host.ui;

import com.googlecode.lanterna.terminal.ansi.UnixLikeTTYTerminal;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Lanterna's Unix terminal ({@code UnixTerminal} is exactly a {@link UnixLikeTTYTerminal} on
 * {@code /dev/tty}), except that a cell's text is encoded whole.
 *
 * <p>Why: Lanterna 3.1.5's stream terminal writes a string one UTF-16 {@code char} at a time, so the
 * two halves of a surrogate pair (every emoji outside the Basic Multilingual Plane) are encoded
 * separately, each as '?'. The screen hands the terminal one cell's grapheme at a time
 * ({@link Canvas} never puts control characters in a cell), so encoding that string in one go is
 * all it takes.
 */
final class WholeGraphemeTerminal extends UnixLikeTTYTerminal {

    /** The controlling terminal, as Lanterna's {@code UnixTerminal} opens it. */
    static WholeGraphemeTerminal onControllingTerminal(InputStream input, OutputStream output, Charset charset,
                                                       CtrlCBehaviour ctrlC) throws IOException {
        return new WholeGraphemeTerminal(new File("/dev/tty"), input, output, charset, ctrlC);
    }

    /** @param ttyDevice the tty whose settings {@code stty} reads and changes */
    WholeGraphemeTerminal(File ttyDevice, InputStream input, OutputStream output, Charset charset, CtrlCBehaviour ctrlC)
            throws IOException {
        super(ttyDevice, input, output, charset, ctrlC);
    }

    @Override
    public void putString(String string) throws IOException {
        writeToTerminal(string.getBytes(getCharset()));
    }
}

package dev.chatarchive.host.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the terminal UI owns the screen, anything printed to {@code System.out} or {@code System.err}
 * (a library's warning, a stray debug print in a plugin) would be drawn over it. {@link #captureToLog()}
 * sends both to the log file until closed, line by line.
 *
 * <p>The UI must take the terminal's real output stream before calling this (Lanterna keeps the stream
 * it was given), so only stray output is captured.
 */
public final class StandardStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("stdout-stderr");

    private final PrintStream originalOut;
    private final PrintStream originalErr;

    private StandardStreams() {
        this.originalOut = System.out;
        this.originalErr = System.err;
        System.setOut(new PrintStream(new LineToLog("stdout"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LineToLog("stderr"), true, StandardCharsets.UTF_8));
    }

    /** Captures both streams into the log until {@link #close()}. */
    public static StandardStreams captureToLog() {
        return new StandardStreams();
    }

    /** Gives the streams back. */
    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Collects bytes into lines and logs each complete line. */
    private static final class LineToLog extends OutputStream {
        private final String streamName;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineToLog(String streamName) {
            this.streamName = streamName;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (line.size() < 16_384) {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            flushLine();
        }

        private void flushLine() {
            if (line.size() > 0) {
                LOG.warn("{} while the UI was open: {}", streamName, line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }
}

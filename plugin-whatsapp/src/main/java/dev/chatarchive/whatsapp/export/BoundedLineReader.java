package dev.chatarchive.whatsapp.export;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of text with a cap on their length, so that a file with one huge line (a binary file,
 * a damaged export) fails with a clear sentence instead of filling the heap. Lines end at LF; a CR
 * just before the LF is dropped (iOS writes CRLF between messages and LF inside them).
 */
final class BoundedLineReader implements AutoCloseable {

    private final Reader in;
    private final int maxLineChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long lineNumber;

    BoundedLineReader(Reader in, int maxLineChars) {
        this.in = in;
        this.maxLineChars = maxLineChars;
    }

    /** The number of the line last returned, from 1. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its line break, or {@code null} at the end. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position >= limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line == null) {
                        return null;
                    }
                    lineNumber++;
                    return stripCr(line);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (line == null && position < limit && position - start <= maxLineChars) {
                // The whole line is in the buffer: make the string straight from it, without a builder.
                int end = position > start && buffer[position - 1] == '\r' ? position - 1 : position;
                position++;
                lineNumber++;
                return new String(buffer, start, end - start);
            }
            if (line == null) {
                line = new StringBuilder(Math.min(256, position - start + 16));
            }
            if (line.length() + (position - start) > maxLineChars) {
                throw new LineTooLongException(lineNumber + 1, maxLineChars);
            }
            line.append(buffer, start, position - start);
            if (position < limit) {
                position++;
                lineNumber++;
                return stripCr(line);
            }
        }
    }

    private static String stripCr(StringBuilder line) {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A line longer than WhatsApp ever writes. */
    static final class LineTooLongException extends IOException {
        final long lineNumber;

        LineTooLongException(long lineNumber, int maxLineChars) {
            super("line " + lineNumber + " is longer than " + maxLineChars + " characters");
            this.lineNumber = lineNumber;
        }
    }
}

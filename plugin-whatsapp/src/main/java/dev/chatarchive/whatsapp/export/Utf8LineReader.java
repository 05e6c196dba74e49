package dev.chatarchive.whatsapp.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of UTF-8 text straight from its bytes, with the same results as decoding the
 * stream with {@code decoder} and reading it with {@link BoundedLineReader}: lines end at LF, a CR
 * just before it (or before the end of the file) is dropped, and a line longer than {@code
 * maxLineChars} characters fails with {@link BoundedLineReader.LineTooLongException}.
 *
 * <p>Why: exports are mostly lines that need no repair, and looking at a line's bytes once tells
 * which ones do. A line of ASCII becomes a string by copying its bytes; other lines are decoded by
 * {@link String}'s own UTF-8 decoding, and only a line whose result holds U+FFFD or U+FDD0 (a
 * damaged byte, or either character in the text) is decoded again by {@code decoder}, whose
 * replacement character the parser counts. The same look tells whether a line holds a NUL byte and
 * whether it can hold one of the {@link InvisibleMarks}, so that the passes over the file strip only
 * the lines that have some.
 */
final class Utf8LineReader implements AutoCloseable {

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final int maxLineChars;
    /** The longest line in bytes that can still decode to at most {@code maxLineChars} characters. */
    private final long maxLineBytes;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean end;
    private long lineNumber;
    private boolean nul;
    private boolean marks;
    /**
     * What the search for the line break saw of the line's bytes so far (one look at each byte serves
     * both): a byte that is not ASCII, a NUL byte, a byte that can start a mark's UTF-8 (0xE2, 0xEF).
     */
    private boolean sawNonAscii;
    private boolean sawZero;
    private boolean sawSuspect;

    Utf8LineReader(InputStream in, CharsetDecoder decoder, int maxLineChars) {
        this.in = in;
        this.decoder = decoder;
        this.maxLineChars = maxLineChars;
        // Every character comes from at most three bytes of a line (four bytes make two characters).
        this.maxLineBytes = 3L * maxLineChars + 3;
    }

    /** The number of the line last returned, from 1. */
    long lineNumber() {
        return lineNumber;
    }

    /** Whether the line last returned held a NUL byte (it is in the string, as the decoder gives it). */
    boolean hadNul() {
        return nul;
    }

    /**
     * Whether the line last returned may hold one of the {@link InvisibleMarks}; when false it holds
     * none, and stripping it would return it unchanged.
     */
    boolean mayHaveMarks() {
        return marks;
    }

    /** The next line without its line break, or {@code null} at the end. */
    String readLine() throws IOException {
        int scanned = position;
        sawNonAscii = false;
        sawZero = false;
        sawSuspect = false;
        while (true) {
            int newline = -1;
            for (int i = scanned; i < limit; i++) {
                byte b = buffer[i];
                if (b <= 0) {
                    if (b == 0) {
                        sawZero = true;
                    } else {
                        sawNonAscii = true;
                        if (b == (byte) 0xE2 || b == (byte) 0xEF) {
                            sawSuspect = true;
                        }
                    }
                } else if (b == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline >= 0) {
                int start = position;
                position = newline + 1;
                return line(start, newline);
            }
            scanned = limit;
            if (end) {
                if (position == limit) {
                    return null;
                }
                int start = position;
                position = limit;
                return line(start, limit);
            }
            if (limit - position > maxLineBytes) {
                throw new BoundedLineReader.LineTooLongException(lineNumber + 1, maxLineChars);
            }
            int kept = limit - position;
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, kept);
                scanned -= position;
                position = 0;
                limit = kept;
            }
            if (limit == buffer.length) {
                byte[] larger = new byte[(int) Math.min((long) buffer.length * 2, maxLineBytes + 2)];
                System.arraycopy(buffer, 0, larger, 0, limit);
                buffer = larger;
            }
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                end = true;
            } else {
                limit += read;
            }
        }
    }

    /** The line of bytes {@code start} (inclusive) to {@code stop} (exclusive, the LF or the end). */
    private String line(int start, int stop) throws IOException {
        lineNumber++;
        int length = stop - start;
        boolean carriageReturn = length > 0 && buffer[stop - 1] == '\r';
        int textEnd = carriageReturn ? stop - 1 : stop;
        // Seen by readLine's search for the line break (the CR dropped above is ASCII and no NUL).
        boolean ascii = !sawNonAscii;
        boolean zero = sawZero;
        boolean suspect = sawSuspect;
        nul = zero;
        String text;
        if (ascii) {
            text = new String(buffer, start, textEnd - start, StandardCharsets.ISO_8859_1);
            marks = zero;
        } else {
            text = new String(buffer, start, textEnd - start, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') >= 0 || suspect && text.indexOf('\uFDD0') >= 0) {
                text = decodeExactly(start, textEnd);
                marks = true;
            } else {
                marks = zero || suspect && hasMarkBytes(start, textEnd);
            }
        }
        if (text.length() + (carriageReturn ? 1 : 0) > maxLineChars) {
            throw new BoundedLineReader.LineTooLongException(lineNumber, maxLineChars);
        }
        return text;
    }

    /** The line as {@code decoder} reads it, its replacement character where bytes are not text. */
    private String decodeExactly(int start, int stop) throws CharacterCodingException {
        decoder.reset();
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(buffer, start, stop - start));
        return chars.toString();
    }

    /**
     * Whether the bytes hold the UTF-8 of a mark: U+200B, U+200E, U+200F, U+202A..U+202E (E2 80 ..),
     * U+2060, U+2066..U+2069 (E2 81 ..) or U+FEFF (EF BB BF). The zero-width joiner U+200D is none.
     */
    private boolean hasMarkBytes(int start, int stop) {
        for (int i = start; i + 2 < stop; i++) {
            byte b = buffer[i];
            if (b == (byte) 0xE2) {
                int second = buffer[i + 1] & 0xFF;
                int third = buffer[i + 2] & 0xFF;
                if (second == 0x80 && (third == 0x8B || third == 0x8E || third == 0x8F
                        || third >= 0xAA && third <= 0xAE)) {
                    return true;
                }
                if (second == 0x81 && (third == 0xA0 || third >= 0xA6 && third <= 0xA9)) {
                    return true;
                }
            } else if (b == (byte) 0xEF && (buffer[i + 1] & 0xFF) == 0xBB && (buffer[i + 2] & 0xFF) == 0xBF) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

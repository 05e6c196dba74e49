package dev.chatarchive.whatsapp.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines from one of the sidecar's output streams, each at most {@code maxBytes} long. A longer line
 * is never held in memory whole: its first bytes are kept (for a report), the rest is skipped up to
 * its end, and it comes back as an {@link Line#oversize() oversize} line. So a runaway or hostile
 * sidecar writing a 300 MB line costs a few kilobytes, not the heap.
 */
final class SidecarLines {

    /** How many bytes of an oversize line are kept for the report. */
    static final int KEPT_OF_OVERSIZE = 512;

    /**
     * One line, without its line end.
     *
     * @param text     the line, or its first {@link #KEPT_OF_OVERSIZE} bytes when oversize
     * @param length   how many bytes the line had in all
     * @param oversize whether it was longer than allowed and was cut
     */
    record Line(String text, long length, boolean oversize) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[8 * 1024];

    SidecarLines(InputStream in, int maxBytes) {
        if (maxBytes < KEPT_OF_OVERSIZE) {
            throw new IllegalArgumentException("maxBytes must be at least " + KEPT_OF_OVERSIZE + ", was " + maxBytes);
        }
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or {@code null} at the end of the stream. */
    Line next() throws IOException {
        int used = 0;
        long length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish(used, length) : null;
                }
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int chunk = end - position;
            if (length < maxBytes) {
                int room = (int) Math.min(chunk, maxBytes - length);
                if (used + room > line.length) {
                    line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(line.length * 2, used + room)));
                }
                System.arraycopy(buffer, position, line, used, room);
                used += room;
            }
            length += chunk;
            position = end;
            if (end < limit) {
                position++; // the '\n'
                return finish(used, length);
            }
        }
    }

    private Line finish(int used, long length) {
        int end = used;
        if (length <= maxBytes && end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (length > maxBytes) {
            Line cut = new Line(new String(line, 0, Math.min(used, KEPT_OF_OVERSIZE), StandardCharsets.UTF_8), length, true);
            shrink();
            return cut;
        }
        Line whole = new Line(new String(line, 0, end, StandardCharsets.UTF_8), length, false);
        shrink();
        return whole;
    }

    // One large line must not pin its buffer for the life of the process.
    private void shrink() {
        if (line.length > 1024 * 1024) {
            line = new byte[8 * 1024];
        }
    }
}

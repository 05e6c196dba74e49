package dev.chatarchive.whatsapp.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sidecar's output read as bounded lines: nothing it writes can hold more than the limit in memory. */
class SidecarLinesTest {

    @Test
    void linesAreSplitAtNewlines_withCarriageReturnsDropped_andTheLastLineNeedsNoNewline() throws Exception {
        SidecarLines lines = new SidecarLines(new ByteArrayInputStream("a\r\nbé\n\nlast".getBytes(StandardCharsets.UTF_8)), 1024);
        assertEquals("a", lines.next().text());
        assertEquals("bé", lines.next().text());
        assertEquals("", lines.next().text());
        assertEquals("last", lines.next().text());
        assertNull(lines.next());
    }

    @Test
    void aLineLongerThanTheLimit_isCutToItsBeginning_andTheNextLineIsIntact() throws Exception {
        long huge = 50L * 1024 * 1024;
        InputStream stream = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream("{\"v\":1,\"id\":\"j7\",\"ok\":true,\"data\":\"".getBytes(StandardCharsets.UTF_8)),
                new RepeatingStream((byte) 'x', huge),
                new ByteArrayInputStream("\"}\n{\"v\":1,\"event\":\"ready\"}\n".getBytes(StandardCharsets.UTF_8)))));
        SidecarLines lines = new SidecarLines(stream, 1024 * 1024);

        SidecarLines.Line cut = lines.next();
        assertTrue(cut.oversize());
        assertTrue(cut.length() > huge);
        assertEquals(SidecarLines.KEPT_OF_OVERSIZE, cut.text().length());
        assertTrue(cut.text().startsWith("{\"v\":1,\"id\":\"j7\""));
        SidecarLines.Line next = lines.next();
        assertFalse(next.oversize());
        assertEquals("{\"v\":1,\"event\":\"ready\"}", next.text());
    }

    /** {@code length} copies of one byte, without holding them. */
    private static final class RepeatingStream extends InputStream {
        private final byte value;
        private long left;

        RepeatingStream(byte value, long length) {
            this.value = value;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, value);
            left -= n;
            return n;
        }
    }
}

package dev.chatarchive.whatsapp.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the plugin does with what a sidecar writes: bounded lines, oversize answers, noise. */
class SidecarProcessLinesTest {

    @TempDir
    Path root;

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

    @Test
    void aSidecarWritingAHugeAnswerAndNoise_failsThatCommandOnly_andKeepsServing() throws Exception {
        // A stand-in for a misbehaving sidecar: answers the first command with a 40 MB line, writes
        // a few hundred lines of noise, then answers the second command normally.
        Path script = root.resolve("sidecar.js");
        Files.writeString(script, """
                const readline = require('node:readline');
                let n = 0;
                readline.createInterface({ input: process.stdin }).on('line', (line) => {
                  const command = JSON.parse(line);
                  n++;
                  if (n === 1) {
                    process.stdout.write('{"v":1,"id":"' + command.id + '","ok":true,"data":{"x":"' + 'x'.repeat(40 * 1024 * 1024) + '"}}\\n');
                    for (let i = 0; i < 300; i++) process.stdout.write('noise ' + i + '\\n');
                    for (let i = 0; i < 300; i++) process.stderr.write('stderr noise ' + i + '\\n');
                  } else {
                    process.stdout.write(JSON.stringify({ v: 1, event: 'after', n }) + '\\n');
                    process.stdout.write(JSON.stringify({ v: 1, id: command.id, ok: true, data: { n } }) + '\\n');
                  }
                });
                """);
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        SidecarProcess process = SidecarProcess.start(List.of("node", script.toString()), root, events::add);
        try {
            var first = process.send("big", null);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(60, TimeUnit.SECONDS));
            SidecarCommandException tooLarge = assertInstanceOf(SidecarCommandException.class, failed.getCause());
            assertEquals("TOO_LARGE", tooLarge.code());
            assertTrue(tooLarge.retryable());

            JsonNode second = process.send("small", null).get(60, TimeUnit.SECONDS);
            assertEquals(2, second.path("n").asInt());
            assertEquals(List.of("after"), events.stream().map(e -> e.path("event").asText()).toList());
        } finally {
            process.kill();
        }
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

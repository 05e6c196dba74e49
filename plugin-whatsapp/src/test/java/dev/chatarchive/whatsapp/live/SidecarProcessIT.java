package dev.chatarchive.whatsapp.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child process writing what no sidecar should: the plugin stays within its limits and keeps serving. */
class SidecarProcessIT {

    @TempDir
    Path root;

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

}

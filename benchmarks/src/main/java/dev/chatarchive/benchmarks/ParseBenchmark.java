package dev.chatarchive.benchmarks;

import dev.chatarchive.whatsapp.export.ExportFileParser;
import dev.chatarchive.whatsapp.export.SyntheticExport;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The export half of {@code chat-archive benchmark}, run in its own JVM with the WhatsApp plugin's
 * jar on the class path (the benchmark's own JVM never links plugin classes): writes a generated Android export of N messages, then
 * times plain line reading of it and a full parse (each warmed up by an untimed first run), and
 * prints one line:
 * {@code parse <messages> <bytes> <lineReadNanos> <parseNanos> <peakRssKb>}.
 */
public final class ParseBenchmark {

    private ParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long messages = Long.parseLong(args[0]);
        Path file = SyntheticExport.write(Path.of(args[1]), messages);
        long bytes = Files.size(file);
        // Both sides are timed warm: each runs once untimed first, so the JIT's work is not counted.
        readLines(file);
        long lineStart = System.nanoTime();
        long lines = readLines(file);
        long lineNanos = System.nanoTime() - lineStart;
        ExportFileParser.countMessages(file);
        long parseStart = System.nanoTime();
        long parsed = ExportFileParser.countMessages(file);
        long parseNanos = System.nanoTime() - parseStart;
        if (parsed != messages) {
            throw new IllegalStateException("parsed " + parsed + " messages of " + messages + " (" + lines + " lines)");
        }
        System.out.println("parse " + parsed + " " + bytes + " " + lineNanos + " " + parseNanos + " " + peakRssKb());
        Files.deleteIfExists(file);
    }

    private static long readLines(Path file) throws IOException {
        long count = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (reader.readLine() != null) {
                count++;
            }
        }
        return count;
    }

    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

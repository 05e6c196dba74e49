package dev.chatarchive.benchmarks;

import dev.chatarchive.whatsapp.export.ExportFileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Our side of the peers table's "parse only" row, run cold in a JVM of its own (the application's
 * JVM options, the WhatsApp plugin's jar on the class path): parses one export file once, the whole
 * parse as an import does it (layout, date order, classification, ids), and prints
 * {@code peer-parse <messages> <peakRssKb>}. The caller times the whole process, JVM start included,
 * as it times the JavaScript parser's whole Node process.
 */
public final class PeerParse {

    /** The first word of the line this program prints. */
    static final String RESULT = "peer-parse ";

    private PeerParse() {
    }

    public static void main(String[] args) throws Exception {
        long messages = ExportFileParser.countMessages(Path.of(args[0]));
        System.out.println(RESULT + messages + " " + peakRssKb());
    }

    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peers section on a small multilingual export, without the peer (a test never reaches npm's
 * registry): our parser, in its own JVM with the real plugin jar, counts exactly the messages the
 * generator wrote; the real application imports them all (exit 0); the report has the storage line.
 */
class PeersBenchmarkIT {

    @TempDir
    Path work;

    @Test
    void run_smallExportWithoutThePeer_countsEveryMessageImportsThemAndSaysThePeerWasNotMeasured() throws Exception {
        Path plugins = Path.of(System.getProperty("chatarchive.plugins.dir", "../plugins"));
        List<String> lines = new ArrayList<>();

        Targets targets = new Targets();
        List<dev.chatarchive.host.progress.WorkProgress> drawn = new ArrayList<>();
        new PeersBenchmark(work, plugins, pluginJar(plugins), 3_000, false, 10_000, lines::add, targets, false)
                .drawingOn(drawn::add).run();
        targets.table().forEach(lines::add);

        // generating the export draws its progress, from nothing to all of it
        assertTrue(drawn.stream().allMatch(step -> step.operation().equals("Generating a multilingual export of 3,000 messages")
                && step.total() == 3_000), drawn.toString());
        assertTrue(drawn.get(0).done() == 0 && drawn.get(drawn.size() - 1).done() == 3_000, drawn.toString());

        String report = String.join("\n", lines);
        assertTrue(report.contains("| whatsapp-chat-parser 4.0.2, parse only (Node, whole process) | not measured | | | | "
                + "switched off | |"), report);
        // wall s | CPU s | peak MB | messages
        assertTrue(report.matches("(?s).*\\| our export parser, parse only [^|]*\\| [0-9.]+ \\| ([0-9.]+|unknown) \\| "
                + "[0-9,]+ \\| 3,000 \\|.*"), report);
        // exit 0 (no ", exit N"), and a real peak: a JVM takes more than 20 MB
        assertTrue(report.matches("(?s).*\\| chat-archive import, end to end \\(parse, store, index\\) \\| [0-9.]+ \\| "
                + "([0-9.]+|unknown) \\| ([2-9][0-9]|[0-9]{3,}) \\| 3,000 \\|.*"), "the import exits 0: " + report);
        assertTrue(report.matches("(?s).*Storage after the import: data folder [0-9.]+ MB = [0-9.]+× the export.*"), report);
        assertTrue(report.matches("(?s).*\\| #12 \\| data folder after the import ≤ 2\\.5× the export \\| [0-9.]+×, 3,000 "
                + "messages \\| not judged: measured at 3,000, the target is for 1,000,000 \\|.*"), report);
        assertTrue(report.contains("| #12 | import, parse speed and parse memory against whatsapp-chat-parser |  | "
                + "not measured: switched off |"), report);
    }

    private static Path pluginJar(Path plugins) throws Exception {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(plugins, "chat-archive-plugin-whatsapp-*.jar")) {
            return jars.iterator().next();
        }
    }
}

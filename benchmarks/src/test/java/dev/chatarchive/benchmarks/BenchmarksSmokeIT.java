package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run proving the benchmark command works end to end; the real figures come from large runs. */
class BenchmarksSmokeIT {

    @TempDir
    Path work;

    @Test
    void run_smallSizes_reportsEverySection() throws Exception {
        Path plugins = Path.of(System.getProperty("chatarchive.plugins.dir", "../plugins"));
        String report = new Benchmarks(new Benchmarks.Options(List.of(500L, 2_000L), 1_000, 2_000, work, plugins, false, 0, 0,
                2_000))
                .run();
        assertTrue(report.contains("| sync engine (pages, checkpoints, status) |"), report);
        assertTrue(report.contains("| export parser |"), report);
        assertTrue(report.contains("| 500 |"), report);
        // the legacy adoption, through the real app: 2,000 rows, 4 of them breaking a rule
        assertTrue(report.matches("(?s).*\\| chat-archive chats --archive bridge\\.db \\(adopt, then list\\) \\|"
                + " [0-9.]+ \\| [0-9,]+ \\| [0-9,]+ \\| 1996 \\| 4 \\(4\\) \\|.*"), report);
        assertTrue(report.contains("| 2,000 |"), report);
        assertTrue(report.matches("(?s).*Search, CPU time of the searching thread \\(median / p99;[^)]*\\): 500 messages: common "
                + "[0-9.]+ / [0-9.]+ ms, rare [0-9.]+ / [0-9.]+ ms; 2,000 messages: common [0-9.]+ / [0-9.]+ ms.*"), report);
        assertTrue(report.matches("(?s).*reading the largest archive .*: \\d+ MB\\..*"), report);
        assertTrue(report.contains("first screen") || report.contains("needs tmux"), report);
        // the closing table: every target, judged only at the size, and what to pass for the rest
        String targets = report.substring(report.indexOf("### Targets (issues #12 and #15)"));
        assertTrue(targets.contains("| #12 | import, export parsing and storage against whatsapp-chat-parser |  | "
                + "not measured: the peers section did not run (pass --peers 1m) |"), targets);
        assertTrue(targets.contains("| #15 | import of a 1M-message msgstore.db under 30 s |  | not measured: the backup "
                + "section did not run (pass --backup 1m) |"), targets);
        assertTrue(targets.matches("(?s).*\\| #12 \\| adoption of a 1M-row baileys-bridge database under 30 s \\| "
                + "[0-9.]+ s wall, 2,000 rows \\| not judged: measured at 2,000, the target is for 1,000,000 \\|.*"), targets);
        assertTrue(targets.matches("(?s).*\\| #12 \\| common-word search p99 under 20 ms at 10M messages \\| p99 "
                + "[0-9.]+ ms \\(wall, in the reading JVM\\), 2,000 messages \\| not judged: measured at 2,000, the "
                + "target is for 10,000,000 \\|.*"), targets);
        assertTrue(targets.contains("| #12 | first screen under 1 s from launch on the 10M archive |"), targets);
    }
}

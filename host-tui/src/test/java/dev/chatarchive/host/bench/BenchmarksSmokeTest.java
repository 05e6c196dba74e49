package dev.chatarchive.host.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run proving the benchmark command works end to end; the real figures come from large runs. */
class BenchmarksSmokeTest {

    @TempDir
    Path work;

    @Test
    void run_smallSizes_reportsEverySection() throws Exception {
        Path plugins = Path.of(System.getProperty("chatarchive.plugins.dir", "../plugins"));
        String report = new Benchmarks(new Benchmarks.Options(List.of(500L, 2_000L), 1_000, 2_000, work, plugins, false))
                .run();
        assertTrue(report.contains("| sync engine (pages, checkpoints, status) |"), report);
        assertTrue(report.contains("| export parser |"), report);
        assertTrue(report.contains("| 500 |"), report);
        assertTrue(report.contains("| 2,000 |"), report);
        assertTrue(report.matches("(?s).*reading the largest archive .*: \\d+ MB\\..*"), report);
        assertTrue(report.contains("first screen") || report.contains("needs tmux"), report);
    }

    @Test
    void parseSizes_readsSuffixesAndRefusesNonsense() {
        assertEquals(List.of(10_000L, 1_000_000L, 10_000_000L), Benchmarks.parseSizes("10k, 1m,10M"));
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.parseSizes("lots"));
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.parseSizes("5"));
    }

    @Test
    void corpus_isDeterministicAndAddsUpToTheRequestedSize() {
        SyntheticCorpus corpus = new SyntheticCorpus(12_345, 42);
        AtomicLong total = new AtomicLong();
        StringBuilder first = new StringBuilder();
        for (int chat = 0; chat < corpus.chatCount(); chat++) {
            corpus.forEachMessage(chat, message -> total.incrementAndGet());
        }
        new SyntheticCorpus(12_345, 42).forEachMessage(3, message -> first.append(message.content()));
        StringBuilder again = new StringBuilder();
        new SyntheticCorpus(12_345, 42).forEachMessage(3, message -> again.append(message.content()));
        assertEquals(12_345, total.get());
        assertEquals(first.toString(), again.toString());
        assertTrue(corpus.chatSize(0) > corpus.chatSize(corpus.chatCount() - 1), "sizes are skewed");
    }
}

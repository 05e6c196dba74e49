package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The benchmark's inputs: sizes as the command line writes them, and the synthetic corpus. */
class BenchmarkInputsTest {

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

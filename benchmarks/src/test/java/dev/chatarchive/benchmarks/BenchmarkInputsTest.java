package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's inputs: sizes as the command line writes them, and the synthetic corpus. */
class BenchmarkInputsTest {

    @Test
    void multilingualExport_tellsHowManyMessagesAreWritten_every10000_andAtTheEnd(@TempDir Path folder) throws Exception {
        List<Long> told = new java.util.ArrayList<>();

        MultilingualExport.write(folder.resolve("m.txt"), 25_000, 12, told::add);

        assertEquals(List.of(0L, 10_000L, 20_000L, 25_000L), told);
        assertEquals(Files.readString(MultilingualExport.write(folder.resolve("plain.txt"), 25_000, 12)),
                Files.readString(folder.resolve("m.txt")), "the same export with or without progress");
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

    /**
     * The corpus behind every archive size, pinned: the same seed gives the same messages as it did when
     * the figures in docs/benchmarks.md were measured (a SHA-256 over every message of a 12,345-message
     * corpus, computed before {@link SyntheticCorpus#messages} replaced the callback loop).
     */
    @Test
    void corpus_isTheSameMessagesAsEver_pinnedByDigest() throws Exception {
        SyntheticCorpus corpus = new SyntheticCorpus(12_345, 42);
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        for (int chat = 0; chat < corpus.chatCount(); chat++) {
            corpus.forEachMessage(chat, message -> digest.update(message.toString().getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("7be50648b983bde791ac3908a0e887a0e56e394086a4232087968c736ab30f80", java.util.HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void multilingualExport_isDeterministicAndMultilingual(@TempDir Path folder)
            throws Exception {
        Path export = MultilingualExport.write(folder.resolve("a.txt"), 5_000, 12);
        Path again = MultilingualExport.write(folder.resolve("b.txt"), 5_000, 12);

        String text = Files.readString(export, StandardCharsets.UTF_8);
        assertEquals(text, Files.readString(again, StandardCharsets.UTF_8));
        for (String sample : List.of("привет", "明天", "ありがとう", "καλημέρα", "내일", "mañana", "👍🏽", "<Media omitted>",
                "(file attached)", "This message was deleted", "<This message was edited>", " added ", " left")) {
            assertTrue(text.contains(sample), "the export holds " + sample);
        }
        // about 80 bytes a message, like the 84-byte messages of the independently generated export
        long perMessage = Files.size(export) / 5_000;
        assertTrue(perMessage > 60 && perMessage < 110, perMessage + " bytes a message");
    }

    @Test
    void legacyBridge_isAdoptedWithEveryRowAccountedFor_theRuleBreakersSetAside(@TempDir Path folder) throws Exception {
        Path bridge = folder.resolve("bridge.db");
        long breaking = SyntheticLegacyBridge.write(bridge, 2_999);

        assertEquals(6, breaking);
        try (dev.chatarchive.host.store.Archive archive = dev.chatarchive.host.store.Archive.open(bridge,
                java.time.Clock.systemUTC())) {
            dev.chatarchive.host.store.AdoptionReport report = archive.adoption().orElseThrow();
            assertEquals(2_993, report.kept());
            assertEquals(java.util.Map.of("timestamp in the future", 3L,
                    "chat id not a WhatsApp chat JID (@s.whatsapp.net or @g.us)", 3L), report.setAside());
        }
    }

    @Test
    void legacyBridge_isWrittenInSlices_reportingRowsAsTheyGoIn_sameRowsAsOneStatement(@TempDir Path folder)
            throws Exception {
        Path bridge = folder.resolve("bridge.db");
        List<Long> reports = new java.util.ArrayList<>();

        SyntheticLegacyBridge.write(bridge, 120_001, reports::add);

        assertEquals(List.of(0L, 50_000L, 100_000L, 120_001L), reports);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + bridge);
             java.sql.Statement statement = db.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT count(*), min(rowid), max(rowid), "
                     + "sum(id = 'M' || (rowid - 1) AND content GLOB 'message ' || (rowid - 1) || ' *') FROM messages")) {
            assertTrue(rows.next());
            assertEquals(120_001, rows.getLong(1));
            assertEquals(1, rows.getLong(2));
            assertEquals(120_001, rows.getLong(3));
            // Each row i is the one the single statement wrote: id M<i>, in order, with no gap or repeat at the slices' edges.
            assertEquals(120_001, rows.getLong(4));
        }
    }
}

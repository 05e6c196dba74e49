package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Big exports: the parser streams with memory that does not grow with the file, and big chats page correctly. */
class LargeExportTest {

    private static final long MESSAGES = 200_000;

    private static long usedHeapAfterCollection() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void parse_twoHundredThousandMessages_heapDoesNotGrowWithTheFile() throws Exception {
        long[] count = {0};
        long[] heapEarly = {0};
        long[] heapLate = {0};

        ExportSummary summary = new ExportFileParser().parse(SyntheticExport.source(MESSAGES), message -> {
            count[0]++;
            if (count[0] == 20_000) {
                heapEarly[0] = usedHeapAfterCollection();
            } else if (count[0] == MESSAGES - 1) {
                heapLate[0] = usedHeapAfterCollection();
            }
        });

        assertEquals(MESSAGES, count[0]);
        assertEquals(MESSAGES, summary.messageCount());
        assertEquals(3, summary.authors().size());
        long growth = heapLate[0] - heapEarly[0];
        // 180,000 more messages (about 12 MB of text) passed between the two readings; a parser that kept
        // them would have grown by far more than this.
        assertTrue(growth < 8L << 20, "heap grew by " + (growth >> 10) + " KiB while parsing");
    }

    @Test
    void fetchHistory_chatOfTenThousandMessages_pagesEveryMessageOnceBothWays() throws Exception {
        Path temp = Files.createTempDirectory("large-export");
        try {
            Path export = temp.resolve("WhatsApp Chat with Big Group.txt");
            try (InputStream in = new SyntheticExport(10_000)) {
                Files.copy(in, export);
            }
            ExportHistorySource source = new ExportHistorySource();
            source.start(TestContext.amsterdam(temp));
            ChatDescription chat = source.importSource(export).get(0);

            List<HistoricalMessage> backwards = Paging.all(source, chat.chatId(), 1000);
            List<HistoricalMessage> forwards = Paging.all(source::fetchHistory, chat.chatId(),
                    dev.chatarchive.api.PagingDirection.NEWER, null, 1000);
            HistoryPage middle = source.fetchHistory(HistoryRequest.older(chat.chatId(),
                    backwards.get(5_000).toCursor(), 5));

            assertEquals(10_000, backwards.size());
            assertEquals(backwards, forwards);
            assertEquals(backwards.subList(4_995, 5_000), middle.messages());
            assertTrue(chat.group(), "three authors make a group");
        } finally {
            try (var files = Files.walk(temp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void countMessages_benchmarkEntryPoint_countsTxtAndZipExports(@org.junit.jupiter.api.io.TempDir Path temp)
            throws Exception {
        Path written = SyntheticExport.write(temp.resolve("WhatsApp Chat with Synthetic.txt"), 5_000);

        assertEquals(5_000, ExportFileParser.countMessages(written));
        assertEquals(12, ExportFileParser.countMessages(Samples.sample(Samples.FAMILIE)));
    }
}

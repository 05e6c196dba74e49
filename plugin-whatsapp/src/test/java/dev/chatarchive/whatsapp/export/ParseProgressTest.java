package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ProviderEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import's parse phase (before the first page can be given) reports its progress as
 * {@link ProviderEvent.Progress}, which the host draws as a bar: each pass over the transcript in
 * bytes, at most once a percent, then an end.
 */
class ParseProgressTest {

    @TempDir
    Path temp;

    @Test
    void importSource_ofABigExport_reportsEachPassInBytesByPercent_thenEnds_andACachedFileReportsNothing()
            throws Exception {
        Path file = SyntheticExport.write(temp.resolve("WhatsApp Chat with Ann.txt"), 40_000);
        TestContext context = TestContext.amsterdam(temp.resolve("data"));
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);

        source.importSource(file);

        List<ProviderEvent.Progress> reports = progress(context);
        assertTrue(reports.stream().allMatch(report -> report.operation().equals("Parsing WhatsApp Chat with Ann.txt")),
                reports.toString());
        ProviderEvent.Progress first = reports.get(0);
        assertEquals("pass 1", first.detail());
        assertEquals(0, first.done());
        assertEquals(Files.size(file), first.total());
        ProviderEvent.Progress last = reports.get(reports.size() - 1);
        assertTrue(last.finished() && last.detail().equals("done"), last.toString());
        List<ProviderEvent.Progress> passes = reports.subList(0, reports.size() - 1);
        assertTrue(passes.stream().noneMatch(ProviderEvent.Progress::finished), "a pass's end does not end the work");
        for (int i = 1; i < passes.size(); i++) {
            ProviderEvent.Progress before = passes.get(i - 1);
            ProviderEvent.Progress now = passes.get(i);
            assertTrue(!now.detail().equals(before.detail()) || now.done() * 100 / now.total()
                    > before.done() * 100 / before.total(), "at most one report a percent: " + before + " then " + now);
        }
        assertTrue(passes.stream().anyMatch(report -> report.done() * 100 / report.total() >= 90),
                "the pass is seen near its end: " + reports);

        source.importSource(file);
        assertEquals(reports.size(), progress(context).size(), "a file parsed before is not parsed again");
    }

    @Test
    void importSource_ofAFileThatIsNotAnExport_reportsNothingItDidNotStart() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.md"), "# not a chat");
        TestContext context = TestContext.amsterdam(temp.resolve("data"));
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);

        try {
            source.importSource(file);
        } catch (dev.chatarchive.api.ProviderException expected) {
            // refused before any parse
        }

        assertFalse(context.events.stream().anyMatch(ProviderEvent.Progress.class::isInstance));
    }

    private static List<ProviderEvent.Progress> progress(TestContext context) {
        return context.events.stream().filter(ProviderEvent.Progress.class::isInstance)
                .map(ProviderEvent.Progress.class::cast).toList();
    }
}

package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A big export with one damaged byte: the file is read whole, the byte replaced, its line named (slow: 300,000 messages). */
class LargeDamagedExportIT {

    @TempDir
    Path temp;

    @Test
    void parse_oneInvalidByteInAThreeHundredThousandMessageFile_keepsEveryMessageAndNamesTheLine()
            throws Exception {
        Path file = temp.resolve("big.txt");
        int broken = 123_457;
        try (java.io.InputStream in = new java.io.BufferedInputStream(SyntheticExport.source(300_000).open());
             OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            int line = 1;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n' && line++ == broken) {
                    out.write(0xC3); // the first byte of a two-byte sequence, then a line break: invalid
                }
                out.write(b);
            }
        }

        long[] count = {0};
        ParsedMessage[] damaged = {null};
        ExportSummary summary;
        try (ExportFile export = ExportFile.open(file)) {
            summary = new ExportFileParser().parse(export.transcript(), message -> {
                count[0]++;
                if (message.raw().indexOf('\uFFFD') >= 0) {
                    damaged[0] = message;
                }
            });
        }

        assertEquals(300_000, count[0]);
        LineReport report = summary.report(LineReport.Kind.INVALID_BYTES).orElseThrow();
        assertEquals(1, report.count());
        assertEquals(List.of((long) broken), report.firstLines());
        assertTrue(damaged[0] != null && damaged[0].line() <= broken, "the damaged line is kept, marked U+FFFD");
    }

}

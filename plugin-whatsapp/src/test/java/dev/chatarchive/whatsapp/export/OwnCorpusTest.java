package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our own corpus of exports ({@code src/test/resources/export-corpus}, written here, content
 * invented): one small file per layout, language and oddity the parser reads, each with its message
 * count, date order and first message's time in {@code manifest.tsv}. Every file is read with no
 * options, as a user's would be.
 */
class OwnCorpusTest {

    static Stream<Arguments> corpus() throws Exception {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = OwnCorpusTest.class.getResourceAsStream("/export-corpus/manifest.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] field = line.split("\t");
                rows.add(Arguments.of(field[0], Integer.parseInt(field[1]), field[2], field[3],
                        field.length > 4 ? field[4] : ""));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("corpus")
    void parse_ourExport_givesItsMessagesInItsDateOrder(String name, int messages, String order, String firstTime,
                                                         String shows) throws Exception {
        Path file = Path.of(OwnCorpusTest.class.getResource("/export-corpus/" + name).toURI());
        List<ParsedMessage> parsed = new ArrayList<>();
        ExportSummary summary;
        try (ExportFile export = ExportFile.open(file)) {
            summary = new ExportFileParser().parse(export.transcript(), parsed::add);
        }

        assertEquals(messages, parsed.size(), name);
        assertEquals(DateOrder.fromSetting(order).orElseThrow(), summary.dateOrder(), name);
        assertEquals(LocalDateTime.parse(firstTime), parsed.get(0).localTime().withNano(0), name);
    }
}

package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ProviderEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not plain UTF-8 with one transcript: UTF-16 exports, NUL bytes and invalid bytes in
 * otherwise good files (kept, the lines reported), zips whose transcript has another name or that
 * hold two.
 */
class EncodingsAndZipsTest {

    @TempDir
    Path temp;

    private static final String CHAT = """
            [3/27/22, 21:41:35] Dmitry: Hello World
            [3/27/22, 21:41:55] Élodie: Ça va? 😊
            [3/28/22, 08:00:01] Dmitry: Oui
            """;

    @Test
    void parse_utf16WithByteOrderMark_readsLikeTheUtf8File() throws Exception {
        List<ParsedMessage> utf8 = ParsedTranscript.of(CHAT).messages();

        for (boolean littleEndian : new boolean[] {true, false}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(littleEndian ? new byte[] {(byte) 0xFF, (byte) 0xFE} : new byte[] {(byte) 0xFE, (byte) 0xFF});
            bytes.write(CHAT.getBytes(littleEndian ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE));

            ParsedTranscript parsed = ParsedTranscript.ofBytes(bytes.toByteArray(), null);

            assertEquals(utf8, parsed.messages(), littleEndian ? "UTF-16LE" : "UTF-16BE");
            assertTrue(parsed.summary().lineReports().isEmpty());
        }
    }

    @Test
    void parse_utf16WithoutByteOrderMark_isRecognised() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.ofBytes(CHAT.getBytes(StandardCharsets.UTF_16LE), null);

        assertEquals(ParsedTranscript.of(CHAT).messages(), parsed.messages());
    }

    @Test
    void parse_nulBytesInsideAGoodFile_areDroppedAndTheirLinesReported() throws Exception {
        String text = "12/03/2022, 10:00 - Ann: he\u0000llo\n12/03/2022, 10:01 - Bob: fine\n"
                + "12/03/2022, 10:02 - Ann: \u0000\u0000bye\n";

        ParsedTranscript parsed = ParsedTranscript.of(text);

        assertEquals(3, parsed.messages().size());
        assertEquals("hello", parsed.messages().get(0).content());
        assertEquals("bye", parsed.messages().get(2).content());
        LineReport report = parsed.summary().report(LineReport.Kind.NUL_BYTES).orElseThrow();
        assertEquals(2, report.count());
        assertEquals(List.of(1L, 3L), report.firstLines());
    }

    @Test
    void importSource_zipWhoseOnlyTranscriptHasAnotherName_isRead() throws Exception {
        Path zip = zip("Export.zip", List.of("Conversation.txt", "IMG-20220327-WA0001.jpg"),
                List.of(CHAT.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}));

        try (ExportFile file = ExportFile.open(zip)) {
            long[] count = {0};
            new ExportFileParser().parse(file.transcript(), message -> count[0]++);
            assertEquals(3, count[0]);
            assertTrue(file.notes().isEmpty());
        }
    }

    @Test
    void importSource_zipWithTwoTranscripts_readsTheFirstAndSaysSo() throws Exception {
        TestContext context = TestContext.amsterdam(temp.resolve("data"));
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        String other = "[4/1/22, 10:00:00] Zoe: another chat\n[4/13/22, 10:00:00] Zoe: more\n";
        Path zip = zip("Two chats.zip", List.of("WhatsApp Chat with Zoe.txt", "_chat.txt"),
                List.of(other.getBytes(StandardCharsets.UTF_8), CHAT.getBytes(StandardCharsets.UTF_8)));

        List<ChatDescription> chats = source.importSource(zip);

        assertEquals(1, chats.size());
        assertEquals(3L, chats.get(0).estimatedSize());
        List<String> notices = notices(context);
        assertTrue(notices.stream().anyMatch(n -> n.contains("holds 2 chat transcripts") && n.contains("'_chat.txt' was read")
                && n.contains("'WhatsApp Chat with Zoe.txt' was left out")), notices.toString());
    }

    static List<String> notices(TestContext context) {
        List<String> out = new ArrayList<>();
        for (ProviderEvent event : context.events) {
            if (event instanceof ProviderEvent.Notice notice) {
                out.add(notice.message());
            }
        }
        return out;
    }

    private Path zip(String name, List<String> entries, List<byte[]> contents) throws Exception {
        Path path = temp.resolve(name);
        try (OutputStream raw = Files.newOutputStream(path); ZipOutputStream out = new ZipOutputStream(raw)) {
            for (int i = 0; i < entries.size(); i++) {
                out.putNextEntry(new ZipEntry(entries.get(i)));
                out.write(contents.get(i));
                out.closeEntry();
            }
        }
        return path;
    }
}

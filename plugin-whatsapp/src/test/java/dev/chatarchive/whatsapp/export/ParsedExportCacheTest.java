package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export source's parsed copy: compact while a chat is being paged, gone once the chat has been
 * paged to its oldest message, and parsed again, to the same messages, if it is paged again.
 */
class ParsedExportCacheTest {

    @TempDir
    Path temp;

    @Test
    void fetchHistory_pagedToTheOldestMessage_dropsTheParsedMessagesAndParsesAgainWhenAskedAgain() throws Exception {
        TestContext context = TestContext.amsterdam(temp);
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        Path export = SyntheticExport.write(temp.resolve("WhatsApp Chat with Synthetic.txt"), 3_000);
        ChatDescription chat = source.importSource(export).get(0);
        Path cache = context.dataDirectory().resolve("export-cache");

        List<Path> parsed = messageFiles(cache);
        assertEquals(1, parsed.size(), "the import parsed the export once: " + parsed);
        assertTrue(Files.size(parsed.get(0)) < Files.size(export) * 3,
                "the parsed copy holds the text once, not as JSON with the lines again: " + Files.size(parsed.get(0))
                        + " bytes for an export of " + Files.size(export));

        List<HistoricalMessage> first = Paging.all(source, chat.chatId(), 1_000);

        assertEquals(3_000, first.size());
        assertEquals(List.of(), messageFiles(cache), "the chat is complete: its parsed messages are dropped");
        assertTrue(Files.exists(cache.resolve(parsed.get(0).getFileName().toString()
                .replace(".messages.bin", ".summary.json"))), "the summary stays, for listing chats");
        assertEquals(1, source.listChats().size());

        List<HistoricalMessage> again = Paging.all(source, chat.chatId(), 700);

        assertEquals(first, again, "paged again, the export is parsed anew to the same messages");
    }

    private static List<Path> messageFiles(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().contains(".messages.")).toList();
        }
    }
}

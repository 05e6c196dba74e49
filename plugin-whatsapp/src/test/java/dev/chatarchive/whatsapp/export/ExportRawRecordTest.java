package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code raw_proto} of an export message holds its text at most once: a plain message (a plain
 * header of the stored author and time, then the stored content) keeps only its source; every other
 * message's record gives back its lines exactly.
 */
class ExportRawRecordTest {

    @Test
    void of_everyMessageOfEverySample_keepsItsLinesOrIsPlainAndTheColumnsHoldWhatItDrops() throws Exception {
        int plain = 0;
        int withLines = 0;
        for (String name : List.of(Samples.ALICE, Samples.JORDAN, Samples.LUCIA, Samples.FAMILIE, Samples.BOOK_CLUB)) {
            List<ParsedMessage> messages = new ArrayList<>();
            try (ExportFile file = ExportFile.open(Samples.sample(name))) {
                new ExportFileParser().parse(file.transcript(), messages::add);
            }
            for (ParsedMessage message : messages) {
                String text = ExportRawRecord.of(message, true, false);
                JsonNode record = ParsedExportCache.JSON.readTree(text);
                assertEquals("whatsapp-export", record.get("source").asText());
                if (text.equals(ExportRawRecord.PLAIN)) {
                    plain++;
                    // What the record drops is a one-line header of the stored author and time.
                    String header = message.raw().substring(0, message.raw().length() - message.content().length());
                    assertEquals(message.raw(), header + message.content(), name + " line " + message.line());
                    assertFalse(header.contains("\n"), name + " line " + message.line());
                    assertTrue(message.author() == null || header.endsWith(message.author() + ": "),
                            name + " line " + message.line());
                    assertNull(message.attachment());
                    assertEquals(Optional.empty(), ExportRawRecord.lines(record, message.content()));
                } else {
                    withLines++;
                    assertEquals(Optional.of(message.raw()), ExportRawRecord.lines(record, message.content()),
                            name + " line " + message.line());
                    assertEquals(message.line(), record.get("line").asLong());
                }
            }
        }
        assertTrue(plain > withLines, "most messages are plain: " + plain + " against " + withLines);
        assertTrue(withLines > 0, "the samples have edited and media messages whose lines differ from their content");
    }

    @Test
    void of_aPlainMessage_keepsOnlyItsSource() throws Exception {
        ParsedMessage message = message("12/03/2024, 09:14 - Alice Martin: see you at the station", "Alice Martin",
                "see you at the station");

        assertEquals("{\"source\":\"whatsapp-export\"}", ExportRawRecord.of(message, true, false));
    }

    @Test
    void of_aTwelveHourIosHeaderWithANarrowNoBreakSpace_isPlain() throws Exception {
        ParsedMessage message = message("[3/27/22, 9:41:55\u202fPM] Dmitry S: Hello", "Dmitry S", "Hello");

        assertEquals(ExportRawRecord.PLAIN, ExportRawRecord.of(message, true, false));
    }

    @Test
    void of_anEventWithoutAuthor_isPlain() throws Exception {
        ParsedMessage message = message("12/03/2024, 09:14 - Alice Martin added Sam", null, "Alice Martin added Sam");

        assertEquals(ExportRawRecord.PLAIN, ExportRawRecord.of(message, false, false));
    }

    @Test
    void of_aHeaderWhoseAuthorIsNotStored_keepsTheHeader() throws Exception {
        // The host takes a line written under the chat's own name for one of its events: no sender name.
        ParsedMessage message = message("12/03/2024, 09:14 - Book Club: welcome", "Book Club", "welcome");

        JsonNode record = ParsedExportCache.JSON.readTree(ExportRawRecord.of(message, false, false));

        assertEquals("12/03/2024, 09:14 - Book Club: ", record.get("header").asText());
        assertEquals(7, record.get("line").asLong());
    }

    @Test
    void of_headersWithInvisibleMarksOrOtherScripts_keepTheHeader() throws Exception {
        for (String header : List.of("\u200e[3/27/22, 9:41:55 PM] Dmitry S: ", "[3/27/22, 9:41:55\u200ePM] Dmitry S: ",
                "[\u0661\u0668/\u0663/\u0662\u0660\u0662\u0662, \u0662:\u0665\u0666 \u0645] Dmitry S: ",
                "2024/10/3 \u4e0b\u53483:50 - Dmitry S: ", "12/03/2024, 09:14 - \ufeffDmitry S: ")) {
            ParsedMessage message = message(header + "Hello", "Dmitry S", "Hello");

            JsonNode record = ParsedExportCache.JSON.readTree(ExportRawRecord.of(message, true, false));

            assertEquals(header, record.get("header").asText(), header);
            assertEquals(Optional.of(header + "Hello"), ExportRawRecord.lines(record, "Hello"));
        }
    }

    @Test
    void of_linesThatAreNotHeaderAndContent_keepTheLines() throws Exception {
        String raw = "12/03/2024, 09:14 - Alice Martin: IMG-1.jpg (file attached)";
        ParsedMessage message = message(raw, "Alice Martin", "IMG-1.jpg");

        JsonNode record = ParsedExportCache.JSON.readTree(ExportRawRecord.of(message, true, false));

        assertEquals(raw, record.get("raw").asText());
    }

    private static ParsedMessage message(String raw, String author, String content) {
        return new ParsedMessage("wa-export-1", 0, 7, java.time.LocalDateTime.parse("2024-03-12T09:14"), false, author,
                dev.chatarchive.api.MessageType.TEXT, content, false, null, author == null, raw);
    }

    @Test
    void of_anEditedMessage_keepsItsLinesAndItsAttachment() throws Exception {
        String raw = "12/03/2024, 09:14 - Alice Martin: IMG-1.jpg (file attached)\nthe view <This message was edited>";
        ParsedMessage message = new ParsedMessage("wa-export-2", 1, 8, java.time.LocalDateTime.parse("2024-03-12T09:14"),
                false, "Alice Martin", dev.chatarchive.api.MessageType.IMAGE, "the view", true, "IMG-1.jpg", false, raw);

        JsonNode record = ParsedExportCache.JSON.readTree(ExportRawRecord.of(message, true, true));

        assertEquals(raw, record.get("raw").asText());
        assertFalse(record.has("header"));
        assertEquals("IMG-1.jpg", record.get("attachment").asText());
        assertTrue(record.get("attachmentIncluded").asBoolean());
        assertEquals(Optional.of(raw), ExportRawRecord.lines(record, message.content()));
    }
}

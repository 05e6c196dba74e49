package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code raw_proto} of an export message gives back the message's lines exactly, and holds its
 * text at most once: the stored content is not copied into it again when header + content is the
 * line.
 */
class ExportRawRecordTest {

    @Test
    void of_everyMessageOfEverySample_givesBackItsLinesExactly() throws Exception {
        int compact = 0;
        int withRaw = 0;
        for (String name : List.of(Samples.ALICE, Samples.JORDAN, Samples.LUCIA, Samples.FAMILIE, Samples.BOOK_CLUB)) {
            List<ParsedMessage> messages = new ArrayList<>();
            try (ExportFile file = ExportFile.open(Samples.sample(name))) {
                new ExportFileParser().parse(file.transcript(), messages::add);
            }
            for (ParsedMessage message : messages) {
                JsonNode record = ParsedExportCache.JSON.readTree(ExportRawRecord.of(message, false));
                assertEquals(message.raw(), ExportRawRecord.lines(record, message.content()), name + " line "
                        + message.line());
                assertEquals("whatsapp-export", record.get("source").asText());
                assertEquals(message.line(), record.get("line").asLong());
                if (record.has("raw")) {
                    withRaw++;
                } else {
                    compact++;
                }
            }
        }
        assertTrue(compact > withRaw, "most messages are header + content: " + compact + " against " + withRaw);
        assertTrue(withRaw > 0, "the samples have edited and media messages whose lines differ from their content");
    }

    @Test
    void of_aPlainMessage_keepsTheHeaderAndNotTheTextAgain() throws Exception {
        ParsedMessage message = new ParsedMessage("wa-export-1", 0, 7, java.time.LocalDateTime.parse("2024-03-12T09:14"),
                false, "Alice Martin", dev.chatarchive.api.MessageType.TEXT, "see you at the station", false, null,
                false, "12/03/2024, 09:14 - Alice Martin: see you at the station");

        String record = ExportRawRecord.of(message, false);

        assertEquals("{\"source\":\"whatsapp-export\",\"line\":7,\"header\":\"12/03/2024, 09:14 - Alice Martin: \"}",
                record);
        assertFalse(record.contains("station"));
    }

    @Test
    void of_anEditedMessage_keepsItsLinesAndItsAttachment() throws Exception {
        String raw = "12/03/2024, 09:14 - Alice Martin: IMG-1.jpg (file attached)\nthe view <This message was edited>";
        ParsedMessage message = new ParsedMessage("wa-export-2", 1, 8, java.time.LocalDateTime.parse("2024-03-12T09:14"),
                false, "Alice Martin", dev.chatarchive.api.MessageType.IMAGE, "the view", true, "IMG-1.jpg", false, raw);

        JsonNode record = ParsedExportCache.JSON.readTree(ExportRawRecord.of(message, true));

        assertEquals(raw, record.get("raw").asText());
        assertFalse(record.has("header"));
        assertEquals("IMG-1.jpg", record.get("attachment").asText());
        assertTrue(record.get("attachmentIncluded").asBoolean());
        assertEquals(raw, ExportRawRecord.lines(record, message.content()));
    }
}

package dev.chatarchive.whatsapp.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code raw_proto} record of an export message: what it takes, with the stored message, to
 * give back the message's lines exactly as the file had them, and nothing the stored message
 * already holds (its text, author, time, flags). See docs/whatsapp-exports.md, "What is read".
 * <ul>
 *   <li>{@code source}: {@value #SOURCE}, which is how the host tells export messages apart;
 *   <li>{@code line}: the file line the message's header is on;
 *   <li>{@code header}: the text before the message's content, when the file's lines are exactly that
 *       header followed by the stored content; otherwise {@code raw}: the lines themselves (an edit
 *       mark, stripped invisible marks, WhatsApp's media words and every other difference keep them);
 *   <li>{@code attachment}, {@code attachmentIncluded}: the attached file's name and whether the zip
 *       holds it, for a message that names one.
 * </ul>
 */
final class ExportRawRecord {

    /** The {@code source} of every export message; the host's merge looks for it. */
    static final String SOURCE = "whatsapp-export";

    private ExportRawRecord() {
    }

    /** The record of {@code message}, whose content is stored as it is. */
    static String of(ParsedMessage message, boolean attachmentIncluded) {
        ObjectNode record = ParsedExportCache.JSON.createObjectNode();
        record.put("source", SOURCE);
        record.put("line", message.line());
        String raw = message.raw();
        String content = message.content();
        if (raw.endsWith(content)) {
            record.put("header", raw.substring(0, raw.length() - content.length()));
        } else {
            record.put("raw", raw);
        }
        if (message.attachment() != null) {
            record.put("attachment", message.attachment());
            record.put("attachmentIncluded", attachmentIncluded);
        }
        return record.toString();
    }

    /** The message's lines exactly as in the file, from its record and its stored content. */
    static String lines(JsonNode record, String content) {
        JsonNode raw = record.get("raw");
        if (raw != null) {
            return raw.asText();
        }
        return record.get("header").asText() + content;
    }
}

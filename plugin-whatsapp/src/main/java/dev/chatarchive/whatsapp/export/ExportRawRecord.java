package dev.chatarchive.whatsapp.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The {@code raw_proto} record of an export message: its source, and what the file held beyond the
 * stored message (its text, author, time, flags). See docs/whatsapp-exports.md, "What is stored".
 * <ul>
 *   <li>a <em>plain</em> message, whose lines are exactly a plain header followed by the stored
 *       content, keeps {@code {"source":"whatsapp-export"}} and nothing else: its header only wrote,
 *       in the file's layout, the time and author the message's own columns hold. A plain header is
 *       on one line, ends with the stored author and {@code ": "} (or, for an event without author,
 *       holds none), and its time part is printable ASCII, a no-break or a narrow no-break space
 *       (so no invisible mark, no other script's digits or words);
 *   <li>any other message keeps {@code source}, {@code line} (the file line its header is on), then
 *       {@code header} (the text before the content) when its lines are exactly that header followed
 *       by the stored content, otherwise {@code raw}: the lines themselves (an edit mark, stripped
 *       invisible marks, WhatsApp's media words and every other difference keep them);
 *   <li>{@code attachment}, {@code attachmentIncluded}: the attached file's name and whether the zip
 *       holds it, for a message that names one (never plain).
 * </ul>
 * {@code source} is {@value #SOURCE} in every record: that is how the host tells export messages apart.
 * Message ids do not depend on this record ({@link MessageIds}).
 */
final class ExportRawRecord {

    /** The {@code source} of every export message; the host's merge looks for it. */
    static final String SOURCE = "whatsapp-export";

    /** The whole record of a plain message. */
    static final String PLAIN = "{\"source\":\"" + SOURCE + "\"}";

    private ExportRawRecord() {
    }

    /**
     * The record of {@code message}, whose content is stored as it is.
     *
     * @param authorStored whether the stored message keeps {@code message.author()} as its sender's
     *                     name (not when the host takes the line for one of the chat's events)
     */
    static String of(ParsedMessage message, boolean authorStored, boolean attachmentIncluded) {
        String raw = message.raw();
        String content = message.content();
        boolean headerAndContent = raw.endsWith(content);
        if (headerAndContent && message.attachment() == null
                && plainHeader(raw, raw.length() - content.length(), message.author(), authorStored)) {
            return PLAIN;
        }
        ObjectNode record = ParsedExportCache.JSON.createObjectNode();
        record.put("source", SOURCE);
        record.put("line", message.line());
        if (headerAndContent) {
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

    /**
     * Whether {@code raw}'s first {@code end} characters are a plain header: see the class comment.
     */
    static boolean plainHeader(String raw, int end, String author, boolean authorStored) {
        int timeEnd = end;
        if (author != null) {
            int authorStart = end - author.length() - 2;
            if (!authorStored || authorStart < 0 || !raw.startsWith(author, authorStart)
                    || raw.charAt(end - 2) != ':' || raw.charAt(end - 1) != ' ') {
                return false;
            }
            timeEnd = authorStart;
        }
        if (timeEnd == 0) {
            return false;
        }
        for (int i = 0; i < timeEnd; i++) {
            char c = raw.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\u00a0' && c != '\u202f') {
                return false;
            }
        }
        return true;
    }

    /**
     * The message's lines exactly as in the file, from its record and its stored content; empty for
     * a plain message's record, which keeps only what its columns do not hold.
     */
    static Optional<String> lines(JsonNode record, String content) {
        JsonNode raw = record.get("raw");
        if (raw != null) {
            return Optional.of(raw.asText());
        }
        JsonNode header = record.get("header");
        return header == null ? Optional.empty() : Optional.of(header.asText() + content);
    }
}

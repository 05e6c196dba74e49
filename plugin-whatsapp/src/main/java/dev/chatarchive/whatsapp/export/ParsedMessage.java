package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.MessageType;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One message as the export wrote it, before time zone and chat identity are applied.
 *
 * @param id          the derived stable id ({@link MessageIds})
 * @param index       its position among the file's messages, from 0
 * @param line        the file line its header is on, from 1
 * @param localTime   the wall-clock time written in the header (no offset), plus
 *                    {@code sameTimeOrdinal} milliseconds so that messages sharing a minute keep the
 *                    file's order
 * @param hasSeconds  whether the header carried seconds
 * @param author      the author as written (marks removed), or {@code null} for Android system lines
 * @param type        what kind of message it is
 * @param content     the text to store (markers such as the edit mark removed)
 * @param edited      whether it carried WhatsApp's "edited" mark
 * @param attachment  the attached file's name, or {@code null}
 * @param system      whether it is an event of the chat rather than something a person wrote
 * @param raw         the lines of the file that make it, exactly as written
 */
public record ParsedMessage(String id, long index, long line, LocalDateTime localTime, boolean hasSeconds,
                            String author, MessageType type, String content, boolean edited, String attachment,
                            boolean system, String raw) {

    public ParsedMessage {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(localTime, "localTime must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(content, "content must not be null");
        Objects.requireNonNull(raw, "raw must not be null");
    }
}

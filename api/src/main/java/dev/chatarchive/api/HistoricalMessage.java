package dev.chatarchive.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a chat's history, as a provider hands it to the host (the seed's "Historical
 * Message"). Immutable once stored.
 *
 * <p>Identity: {@code (chatId, id)} names a message. The same message must always come back with
 * the same id, whichever page or run brings it; the host ignores a message whose id it already holds
 * for that chat, so stable ids are what makes a sync resumable without duplicates. Ids need only be
 * unique within their chat.
 *
 * <p>Construction checks structure (no blank ids, no missing timestamp). The host checks the rest
 * (a plausible timestamp, the provider's chat-id rule) and skips and counts a message that fails,
 * without failing the sync.
 *
 * @param id          the provider's stable id for this message, unique within the chat; not blank
 * @param chatId      the chat it belongs to; not blank
 * @param sender      a stable id of who sent it (a JID, a phone number, a name when nothing better
 *                    exists); {@code "me"} is fine for the user's own messages; not blank
 * @param senderName  a display name for the sender when the source knows one, else {@code null}
 * @param content     the text, a caption, or a short description of media or an event; may be empty,
 *                    never {@code null}
 * @param timestamp   when it was sent, as an instant (UTC)
 * @param fromMe      whether the archive's owner sent it
 * @param type        what kind of message it is
 * @param edited      whether the source marks it as edited after sending
 * @param rawJson     the provider's full record of the message as a JSON document (the seed's
 *                    {@code raw_proto}), or {@code null}; the host stores it as given
 * @param attachment  the file attached to the message, or {@code null} when there is none (since api
 *                    1.1). One file per message: a source whose messages carry several (an album)
 *                    delivers one message per file, each with its own stable id. The host stores the
 *                    file's bytes when {@link Attachment#content()} has them; see {@link Attachment}.
 */
public record HistoricalMessage(
        String id,
        String chatId,
        String sender,
        String senderName,
        String content,
        Instant timestamp,
        boolean fromMe,
        MessageType type,
        boolean edited,
        String rawJson,
        Attachment attachment) {

    public HistoricalMessage {
        requireText(id, "id");
        requireText(chatId, "chatId");
        requireText(sender, "sender");
        Objects.requireNonNull(content, "content must not be null (use \"\" for no text)");
        Objects.requireNonNull(timestamp, "timestamp must not be null");
        Objects.requireNonNull(type, "type must not be null (use MessageType.UNKNOWN)");
        if (senderName != null && senderName.isBlank()) {
            senderName = null;
        }
    }

    /**
     * A message without an attachment: the constructor of api 1.0, kept so that providers built
     * against it keep working.
     */
    public HistoricalMessage(String id, String chatId, String sender, String senderName, String content,
                             Instant timestamp, boolean fromMe, MessageType type, boolean edited, String rawJson) {
        this(id, chatId, sender, senderName, content, timestamp, fromMe, type, edited, rawJson, null);
    }

    /** This message with {@code attachment} (or none, for {@code null}) instead of its own. Since api 1.1. */
    public HistoricalMessage withAttachment(Attachment attachment) {
        return new HistoricalMessage(id, chatId, sender, senderName, content, timestamp, fromMe, type, edited, rawJson,
                attachment);
    }

    /** A plain text message with no display name, no edit mark and no raw record. */
    public static HistoricalMessage text(String id, String chatId, String sender, String content,
                                         Instant timestamp, boolean fromMe) {
        return new HistoricalMessage(id, chatId, sender, null, content, timestamp, fromMe,
                MessageType.TEXT, false, null);
    }

    /** This message as a cursor, for asking what lies before or after it. */
    public HistoryCursor toCursor() {
        return new HistoryCursor(id, timestamp, fromMe, sender, rawJson);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}

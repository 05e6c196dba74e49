package dev.chatarchive.host.browse;

import dev.chatarchive.api.MessageType;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored message as the message view draws it. Text fields are raw; the view sanitises them.
 *
 * @param rowId      the archive's row id; identifies the message for layout caches
 * @param id         the provider's id
 * @param chatId     its chat
 * @param sender     the sender's id (a JID)
 * @param senderName the sender's display name, or {@code null} when unknown
 * @param content    text, caption or description; never null
 * @param timestamp  when it was sent
 * @param fromMe     whether the archive's owner sent it
 * @param type       its kind
 * @param edited     whether it was edited
 * @param attachment the attached file, or {@code null}
 */
public record ChatMessage(long rowId, String id, String chatId, String sender, String senderName, String content,
                          Instant timestamp, boolean fromMe, MessageType type, boolean edited, AttachedFile attachment) {

    /**
     * A message's attached file as the view shows and opens it.
     *
     * @param fileName its name as the source gave it (untrusted: sanitised when drawn)
     * @param mimeType its media type
     * @param size     its size in bytes, or {@code null} when unknown
     * @param path     the stored bytes in the media store, or {@code null} when the archive does not have them
     * @param sha256   the stored bytes' hash, or {@code null}
     */
    public record AttachedFile(String fileName, String mimeType, Long size, java.nio.file.Path path, String sha256) {
    }

    /** A message without an attached file. */
    public ChatMessage(long rowId, String id, String chatId, String sender, String senderName, String content,
                       Instant timestamp, boolean fromMe, MessageType type, boolean edited) {
        this(rowId, id, chatId, sender, senderName, content, timestamp, fromMe, type, edited, null);
    }

    public ChatMessage {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(chatId, "chatId must not be null");
        sender = sender == null ? "" : sender;
        content = content == null ? "" : content;
        Objects.requireNonNull(timestamp, "timestamp must not be null");
        type = type == null ? MessageType.UNKNOWN : type;
    }

    /** Its place in the chat's keyset order. */
    public MessageKey key() {
        return new MessageKey(timestamp.toEpochMilli(), id);
    }
}

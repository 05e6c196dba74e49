package dev.chatarchive.host.ui;

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
 */
public record ChatMessage(long rowId, String id, String chatId, String sender, String senderName, String content,
                          Instant timestamp, boolean fromMe, MessageType type, boolean edited) {

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

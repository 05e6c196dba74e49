package dev.chatarchive.host.store;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.MessageType;
import java.time.Instant;

/**
 * A message as the archive holds it: the provider's message plus what the archive adds (its row
 * id, reactions gathered since).
 *
 * @param rowId     the archive's own row id (stable; used by search)
 * @param message   the message as stored; for an edited message, the latest text
 * @param reactions the reactions as a JSON object {@code {"sender": "emoji", ...}}, or {@code null}
 */
public record StoredMessage(long rowId, HistoricalMessage message, String reactions) {

    public String id() {
        return message.id();
    }

    public String chatId() {
        return message.chatId();
    }

    public Instant timestamp() {
        return message.timestamp();
    }

    public MessageType type() {
        return message.type();
    }

    /** This message as a paging cursor. */
    public HistoryCursor toCursor() {
        return message.toCursor();
    }
}

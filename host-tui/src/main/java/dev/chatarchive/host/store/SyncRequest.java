package dev.chatarchive.host.store;

import java.time.Instant;
import java.util.UUID;

/**
 * The seed's Sync Request: what someone asked for. Immutable history; the archive refuses updates.
 *
 * @param requestId   unique id
 * @param chatId      the chat to sync; not blank (the provider's own id rule is checked by the caller)
 * @param maxMessages the most new messages to fetch, 1..10000
 * @param resume      continue from the checkpoint's cursor
 * @param restart     start an ended ({@code completed} or {@code failed}) chat over; never with resume
 * @param requestedAt when it was asked
 * @param requestedBy who asked ("cli", "tui", "bulk", ...), or {@code null}
 */
public record SyncRequest(String requestId, String chatId, int maxMessages, boolean resume, boolean restart,
                          Instant requestedAt, String requestedBy) {

    public static final int MAX_MESSAGES_LIMIT = 10_000;

    public SyncRequest {
        if (requestId == null || requestId.isBlank()) {
            throw new ValidationException("request_id must not be blank");
        }
        if (chatId == null || chatId.isBlank()) {
            throw new ValidationException("chat_jid of a sync request must not be blank");
        }
        if (maxMessages < 1 || maxMessages > MAX_MESSAGES_LIMIT) {
            throw new ValidationException("max_messages must be between 1 and " + MAX_MESSAGES_LIMIT + ", was " + maxMessages);
        }
        if (resume && restart) {
            throw new ValidationException("a sync request cannot both resume and restart");
        }
        if (requestedAt == null) {
            throw new ValidationException("requested_at must be set");
        }
    }

    /** A new request with a random id. */
    public static SyncRequest create(String chatId, int maxMessages, boolean resume, boolean restart,
                                     Instant requestedAt, String requestedBy) {
        return new SyncRequest(UUID.randomUUID().toString(), chatId, maxMessages, resume, restart, requestedAt,
                requestedBy);
    }
}

package dev.chatarchive.host.store;

import dev.chatarchive.host.checkpoint.SyncState;
import java.time.Instant;
import java.util.Objects;

/**
 * The seed's Sync Checkpoint: where a chat's sync stands. One per chat; its id is the chat id.
 *
 * <p>The constructor enforces the seed's rules on the values themselves; {@link CheckpointStore}
 * enforces the rules that need the archive (the cursor message exists, the transition is allowed).
 *
 * @param chatId          the chat (also the seed's {@code sync_id})
 * @param status          where the sync stands
 * @param messagesSynced  how many new messages this chat's syncs have stored, >= 0
 * @param lastMessageId   the cursor: the oldest message fetched so far, or {@code null}
 * @param lastTimestamp   the cursor message's timestamp; set exactly when {@code lastMessageId} is
 * @param progressPercent 0..100, or {@code null} when unknown
 * @param errorMessage    why the sync failed, or {@code null}
 * @param stopReason      why an {@code interrupted} sync stopped, or {@code null}
 * @param createdAt       when the checkpoint was made
 * @param updatedAt       when it last changed
 * @param completedAt     when the sync completed; set whenever the status is {@code completed}
 */
public record SyncCheckpoint(
        String chatId,
        SyncState status,
        long messagesSynced,
        String lastMessageId,
        Instant lastTimestamp,
        Integer progressPercent,
        String errorMessage,
        StopReason stopReason,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt) {

    public SyncCheckpoint {
        if (chatId == null || chatId.isBlank()) {
            throw new ValidationException("chat_jid of a sync checkpoint must not be blank");
        }
        if (status == null) {
            throw new ValidationException("status of a sync checkpoint must be one of not_started, in_progress, "
                    + "interrupted, cancelled, completed, failed");
        }
        if (messagesSynced < 0) {
            throw new ValidationException("messages_synced must be non-negative, was " + messagesSynced);
        }
        if (progressPercent != null && (progressPercent < 0 || progressPercent > 100)) {
            throw new ValidationException("progress_percent must be between 0 and 100, was " + progressPercent);
        }
        if (lastMessageId != null && lastTimestamp == null) {
            throw new ValidationException("last_timestamp must be set when last_message_id is set (" + lastMessageId + ")");
        }
        if (lastMessageId == null && lastTimestamp != null) {
            throw new ValidationException("last_timestamp must not be set without last_message_id");
        }
        if (status == SyncState.COMPLETED && completedAt == null) {
            throw new ValidationException("completed_at must be set when status is completed");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A checkpoint for a chat that has never been synced. */
    public static SyncCheckpoint notStarted(String chatId, Instant now) {
        return new SyncCheckpoint(chatId, SyncState.NOT_STARTED, 0, null, null, null, null, null, now, now, null);
    }

    /** This checkpoint in another state at {@code now}; error, stop reason and completion set to fit. */
    public SyncCheckpoint moveTo(SyncState next, Instant now) {
        return new SyncCheckpoint(chatId, next, messagesSynced, lastMessageId, lastTimestamp, progressPercent,
                next == SyncState.FAILED ? errorMessage : null,
                next == SyncState.INTERRUPTED ? stopReason : null,
                createdAt, now, next == SyncState.COMPLETED ? now : null);
    }

    /** This checkpoint with a new cursor and counts, at {@code now}. */
    public SyncCheckpoint advance(String cursorId, Instant cursorTimestamp, long addedMessages, Integer progress,
                                  Instant now) {
        return new SyncCheckpoint(chatId, status, messagesSynced + addedMessages, cursorId, cursorTimestamp,
                progress, errorMessage, stopReason, createdAt, now, completedAt);
    }

    /** This checkpoint, interrupted for {@code reason}. */
    public SyncCheckpoint interrupted(StopReason reason, Instant now) {
        return new SyncCheckpoint(chatId, SyncState.INTERRUPTED, messagesSynced, lastMessageId, lastTimestamp,
                progressPercent, null, reason, createdAt, now, null);
    }

    /** This checkpoint, failed with {@code error}. */
    public SyncCheckpoint failed(String error, Instant now) {
        return new SyncCheckpoint(chatId, SyncState.FAILED, messagesSynced, lastMessageId, lastTimestamp,
                progressPercent, error, null, createdAt, now, null);
    }
}

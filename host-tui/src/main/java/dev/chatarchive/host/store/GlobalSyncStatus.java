package dev.chatarchive.host.store;

import java.time.Instant;

/**
 * The seed's global Sync Status: the one row that says how syncing stands across all chats.
 *
 * @param syncing         whether any sync is running
 * @param messagesSynced  new messages stored by all syncs, >= 0
 * @param lastSyncTime    the most recent sync activity, or {@code null}
 * @param progressPercent overall progress across running syncs, 0..100, or {@code null}
 * @param latest          whether every known chat has completed
 */
public record GlobalSyncStatus(boolean syncing, long messagesSynced, Instant lastSyncTime, Integer progressPercent,
                               boolean latest) {

    public GlobalSyncStatus {
        if (messagesSynced < 0) {
            throw new ValidationException("sync_status.messages_synced must be non-negative, was " + messagesSynced);
        }
        if (progressPercent != null && (progressPercent < 0 || progressPercent > 100)) {
            throw new ValidationException("sync_status.progress_percent must be between 0 and 100, was " + progressPercent);
        }
    }
}

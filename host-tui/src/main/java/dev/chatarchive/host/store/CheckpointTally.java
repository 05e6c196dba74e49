package dev.chatarchive.host.store;

import java.time.Instant;

/**
 * What the global {@code sync_status} row is derived from, read from the checkpoints themselves in
 * the caller's transaction, so the row can never disagree with them (two syncs finishing at once
 * each see the other's committed state).
 *
 * @param running            how many checkpoints are {@code in_progress}
 * @param meanProgress       the mean {@code progress_percent} of those (unknown counts as 0), or
 *                           {@code null} when none runs
 * @param everyChatCompleted whether the archive knows at least one chat and every known chat's
 *                           checkpoint is {@code completed} (the seed's {@code is_latest})
 */
public record CheckpointTally(int running, Integer meanProgress, boolean everyChatCompleted) {

    /** The overview as the session's transaction sees the archive. */
    public static CheckpointTally read(ArchiveSession session) {
        return session.handle().createQuery("SELECT "
                        + "(SELECT count(*) FROM sync_checkpoints WHERE status = 'in_progress') AS running, "
                        + "(SELECT CAST(round(avg(coalesce(progress_percent, 0))) AS INTEGER) FROM sync_checkpoints "
                        + "   WHERE status = 'in_progress') AS mean_progress, "
                        + "(EXISTS (SELECT 1 FROM chats) AND NOT EXISTS (SELECT 1 FROM chats c "
                        + "   LEFT JOIN sync_checkpoints s ON s.chat_jid = c.chat_jid "
                        + "   WHERE s.status IS NULL OR s.status <> 'completed')) AS all_completed")
                .map((rs, context) -> new CheckpointTally(rs.getInt("running"),
                        CheckpointStore.integer(rs, "mean_progress"), rs.getInt("all_completed") != 0))
                .one();
    }

    /**
     * The global status after a change: {@code newMessages} more stored, by sync activity at
     * {@code activityAt} ({@code null} when nothing synced, as in crash recovery).
     */
    public GlobalSyncStatus applyTo(GlobalSyncStatus previous, long newMessages, Instant activityAt) {
        return new GlobalSyncStatus(running > 0, previous.messagesSynced() + newMessages,
                activityAt == null ? previous.lastSyncTime() : activityAt,
                running > 0 ? meanProgress : null, everyChatCompleted);
    }
}

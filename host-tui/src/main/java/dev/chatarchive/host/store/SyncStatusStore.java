package dev.chatarchive.host.store;

import org.jdbi.v3.core.Handle;

/** The global sync status row (id = 1), through one {@link Handle}. The archive keeps exactly one row. */
public final class SyncStatusStore {

    private final Handle handle;

    public SyncStatusStore(Handle handle) {
        this.handle = handle;
    }

    public GlobalSyncStatus get() {
        return handle.createQuery("SELECT is_syncing, messages_synced, last_sync_time, progress_percent, is_latest "
                        + "FROM sync_status WHERE id = 1")
                .map((rs, context) -> new GlobalSyncStatus(rs.getInt("is_syncing") != 0, rs.getLong("messages_synced"),
                        CheckpointStore.instant(rs, "last_sync_time"), CheckpointStore.integer(rs, "progress_percent"),
                        rs.getInt("is_latest") != 0))
                .findOne()
                .orElseThrow(() -> new ArchiveException("The archive's sync_status row is missing; the file was "
                        + "changed outside chat-archive. Restore it from a backup."));
    }

    public void save(GlobalSyncStatus status) {
        int updated = handle.createUpdate("UPDATE sync_status SET is_syncing = :syncing, messages_synced = :synced, "
                        + "last_sync_time = :last, progress_percent = :progress, is_latest = :latest WHERE id = 1")
                .bind("syncing", status.syncing() ? 1 : 0)
                .bind("synced", status.messagesSynced())
                .bindByType("last", status.lastSyncTime() == null ? null : status.lastSyncTime().toEpochMilli(), Long.class)
                .bindByType("progress", status.progressPercent(), Integer.class)
                .bind("latest", status.latest() ? 1 : 0)
                .execute();
        if (updated != 1) {
            throw new ArchiveException("The archive's sync_status row is missing; the file was changed outside "
                    + "chat-archive. Restore it from a backup.");
        }
    }
}

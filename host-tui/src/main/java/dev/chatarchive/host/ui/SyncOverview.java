package dev.chatarchive.host.ui;

import java.time.Duration;

/**
 * The global sync status as the status line shows it.
 *
 * @param activeChats     how many chats are syncing now, >= 0
 * @param messagesSynced  messages stored by syncs in all (the seed's global messages_synced), >= 0
 * @param percent         overall progress of the running syncs 0..100, or {@code null}
 * @param remaining       estimated time left, or {@code null} when unknown
 */
public record SyncOverview(int activeChats, long messagesSynced, Integer percent, Duration remaining) {

    public static final SyncOverview IDLE = new SyncOverview(0, 0, null, null);

    public SyncOverview {
        if (activeChats < 0 || messagesSynced < 0) {
            throw new IllegalArgumentException("activeChats and messagesSynced must be >= 0");
        }
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("percent must be 0..100, was " + percent);
        }
    }
}

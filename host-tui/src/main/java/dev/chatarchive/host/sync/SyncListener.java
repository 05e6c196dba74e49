package dev.chatarchive.host.sync;

/**
 * Receives {@link SyncEvent}s. Called on the sync's worker thread: return quickly and never block
 * (hand work to your own thread, as the UI does with its event queue). An exception thrown here is
 * logged and otherwise ignored; it never stops a sync.
 */
@FunctionalInterface
public interface SyncListener {

    void onSyncEvent(SyncEvent event);
}

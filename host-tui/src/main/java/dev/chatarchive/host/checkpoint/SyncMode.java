package dev.chatarchive.host.checkpoint;

/** How a sync request treats the chat's checkpoint. */
public enum SyncMode {
    /** A first sync: only for a chat that has never been synced (or was restarted). */
    START,
    /** Continue an {@code interrupted} or {@code cancelled} sync from its checkpoint's cursor. */
    RESUME,
    /**
     * Start the chat over, whatever state it ended in (the only way out of {@code completed} and
     * {@code failed}): a recorded reset, then a walk back from the newest message.
     */
    RESTART,
    /**
     * Whatever moves the chat on: start it if it never synced, resume it if it stopped; refused for
     * an ended chat. What bulk syncs and the UI's "load older messages" use.
     */
    CONTINUE
}

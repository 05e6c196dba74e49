package dev.chatarchive.host.browse;

import dev.chatarchive.host.checkpoint.SyncState;
import java.util.Objects;

/**
 * How a chat's sync stands, as the chat list and the status line show it.
 *
 * @param state          the checkpoint's state ({@link SyncState#NOT_STARTED} for a chat never synced)
 * @param percent        progress 0..100, or {@code null} when unknown
 * @param messagesSynced messages stored by the sync so far, >= 0
 * @param error          the failure's sentence for {@link SyncState#FAILED}, else "" (raw, sanitised when drawn)
 * @param stoppedUnexpectedly for {@link SyncState#INTERRUPTED}: whether the sync was cut short (a crash, the app
 *                       closing, the provider failing) rather than stopping at the number of messages asked for
 */
public record ChatSyncState(SyncState state, Integer percent, long messagesSynced, String error,
                            boolean stoppedUnexpectedly) {

    public static final ChatSyncState NOT_SYNCED = new ChatSyncState(SyncState.NOT_STARTED, null, 0, "", false);

    public ChatSyncState {
        Objects.requireNonNull(state, "state must not be null");
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("percent must be 0..100, was " + percent);
        }
        if (messagesSynced < 0) {
            throw new IllegalArgumentException("messagesSynced must be >= 0, was " + messagesSynced);
        }
        error = error == null ? "" : error;
    }

    /** Whether older history may still come from the provider. */
    public boolean historyMayContinue() {
        return state != SyncState.COMPLETED;
    }

    /** A short label for the chat list: "syncing 45%", "complete", "failed". */
    public String shortLabel() {
        if (state == SyncState.IN_PROGRESS && percent != null) {
            return "syncing " + percent + "%";
        }
        return label(state);
    }

    /** How the chat list names a state: "not synced", "syncing", "complete"... */
    private static String label(SyncState state) {
        return switch (state) {
            case NOT_STARTED -> "not synced";
            case IN_PROGRESS -> "syncing";
            case INTERRUPTED -> "interrupted";
            case CANCELLED -> "cancelled";
            case COMPLETED -> "complete";
            case FAILED -> "failed";
        };
    }
}

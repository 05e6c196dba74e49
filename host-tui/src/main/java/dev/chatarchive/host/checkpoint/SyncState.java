package dev.chatarchive.host.checkpoint;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status of a chat's sync checkpoint, and the seed's state machine, which is law:
 *
 * <pre>
 * not_started → in_progress
 * in_progress → completed | interrupted | cancelled | failed
 * interrupted → in_progress
 * cancelled   → in_progress
 * failed      → (end state)
 * completed   → (end state)
 * </pre>
 *
 * A restart of an ended chat is not a transition: it is an explicit reset, recorded as a sync request
 * with {@code restart}, that puts a fresh checkpoint in place (see the store's
 * {@code CheckpointStore.reset}).
 */
public enum SyncState {
    NOT_STARTED,
    IN_PROGRESS,
    INTERRUPTED,
    CANCELLED,
    COMPLETED,
    FAILED;

    /** The name stored in {@code sync_checkpoints.status}, for example {@code "in_progress"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state stored as {@code wireName}, or {@code null} if there is none of that name. */
    public static SyncState fromWireName(String wireName) {
        for (SyncState state : values()) {
            if (state.wireName().equals(wireName)) {
                return state;
            }
        }
        return null;
    }

    /** The states the seed allows after this one. */
    public Set<SyncState> successors() {
        return switch (this) {
            case NOT_STARTED, INTERRUPTED, CANCELLED -> EnumSet.of(IN_PROGRESS);
            case IN_PROGRESS -> EnumSet.of(COMPLETED, INTERRUPTED, CANCELLED, FAILED);
            case COMPLETED, FAILED -> EnumSet.noneOf(SyncState.class);
        };
    }

    /** Whether the seed allows going from this state to {@code next}. */
    public boolean canMoveTo(SyncState next) {
        return successors().contains(next);
    }

    /** Whether a sync in this state can be resumed ({@code interrupted} or {@code cancelled}). */
    public boolean isResumable() {
        return this == INTERRUPTED || this == CANCELLED;
    }

    /** Whether this state is an end state ({@code completed} or {@code failed}). */
    public boolean isEnd() {
        return this == COMPLETED || this == FAILED;
    }
}

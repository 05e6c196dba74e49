package dev.chatarchive.host.sync;

import java.util.Objects;

/**
 * A sync request that the engine will not carry out, for a reason the user can act on. The message
 * is a sentence for the user. Nothing was recorded or changed.
 */
public final class SyncRefusedException extends RuntimeException {

    /** Why, for callers that react differently (a bulk sync skips complete chats quietly). */
    public enum Why {
        /** The chat is syncing now. */
        ALREADY_SYNCING,
        /** The chat's history is complete (an end state); only a restart syncs it again. */
        COMPLETE,
        /** The chat's last sync failed (an end state); only a restart syncs it again. */
        FAILED_BEFORE,
        /** The chat's sync was interrupted or cancelled; say whether to resume or restart it. */
        RESUMABLE,
        /** Resume was asked for, but there is nothing to resume. */
        NOTHING_TO_RESUME,
        /** Cancel was asked for, but the chat is not syncing. */
        NOT_SYNCING,
        /** No loaded provider offers the chat. */
        UNKNOWN_CHAT,
        /** The request itself is invalid (a bad chat id, a limit out of range, contradicting flags). */
        INVALID_REQUEST
    }

    private final Why why;

    public SyncRefusedException(Why why, String message) {
        super(message);
        this.why = Objects.requireNonNull(why, "why must not be null");
    }

    public Why why() {
        return why;
    }
}

package dev.chatarchive.host.sync;

import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import java.util.Objects;

/**
 * What a bulk sync did with one chat.
 *
 * @param chatId  the chat
 * @param kind    what happened
 * @param outcome how its sync ended, for {@link Kind#SYNCED}; else {@code null}
 * @param reason  the sentence saying why it was not synced, for the other kinds; else {@code null}
 */
public record BulkResult(String chatId, Kind kind, SyncOutcome outcome, String reason) {

    /** What a bulk sync did with a chat. */
    public enum Kind {
        /** It ran; see the outcome (which may be a failure). */
        SYNCED,
        /** Its history was already complete. */
        SKIPPED,
        /** It could not run (already syncing, failed earlier, unknown chat); see the reason. */
        REFUSED,
        /** The bulk sync was cancelled, or the disk filled up, before its turn came. */
        NOT_RUN
    }

    public BulkResult {
        Objects.requireNonNull(chatId, "chatId must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        if ((kind == Kind.SYNCED) != (outcome != null)) {
            throw new IllegalArgumentException("an outcome is given exactly for a synced chat");
        }
    }

    static BulkResult synced(SyncOutcome outcome) {
        return new BulkResult(outcome.chatId(), Kind.SYNCED, outcome, null);
    }

    static BulkResult refused(String chatId, SyncRefusedException refusal) {
        Kind kind = refusal.why() == SyncRefusedException.Why.COMPLETE ? Kind.SKIPPED : Kind.REFUSED;
        return new BulkResult(chatId, kind, null, refusal.getMessage());
    }

    static BulkResult notRun(String chatId) {
        return new BulkResult(chatId, Kind.NOT_RUN, null, "The bulk sync was cancelled before " + chatId + "'s turn.");
    }

    static BulkResult notRunDiskFull(String chatId, String fullDiskChat) {
        return new BulkResult(chatId, Kind.NOT_RUN, null, "The sync of " + chatId + " did not start: the disk filled up "
                + "during the sync of " + fullDiskChat + " and would stop it too. It runs with the next sync --all once "
                + "there is room.");
    }

    /** Whether the chat's sync stopped because the archive's disk is full. */
    public boolean stoppedByFullDisk() {
        return kind == Kind.SYNCED && outcome.state() == SyncState.INTERRUPTED && outcome.stopReason() == StopReason.DISK_FULL;
    }

    /** Whether the chat's sync ran to the end of its history. */
    public boolean complete() {
        return kind == Kind.SYNCED && outcome.state() == SyncState.COMPLETED;
    }

    /** Whether the chat's sync stopped at the limit it was given ({@code --max}): asked for, not a problem. */
    public boolean stoppedAtLimit() {
        return kind == Kind.SYNCED && outcome.state() == SyncState.INTERRUPTED
                && outcome.stopReason() == StopReason.LIMIT_REACHED;
    }

    /**
     * Whether this chat needs attention: a failed, cancelled or crashed sync, or a refusal. A chat that
     * stopped at the limit it was given does not: it did what was asked, and the next run goes on.
     */
    public boolean needsAttention() {
        return switch (kind) {
            case SYNCED -> !complete() && !stoppedAtLimit();
            case SKIPPED -> false;
            case REFUSED, NOT_RUN -> true;
        };
    }

    /** One sentence for the user. */
    public String describe() {
        return kind == Kind.SYNCED ? outcome.describe() : reason;
    }
}

package dev.chatarchive.host.sync;

import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import java.util.Objects;

/**
 * How one sync run ended.
 *
 * @param chatId          the chat
 * @param requestId       the sync request it carried out
 * @param state           the checkpoint's state at the end: completed, interrupted, cancelled or failed
 * @param stopReason      why an interrupted run stopped, else {@code null}
 * @param newMessages     new messages this run stored
 * @param skippedMessages messages this run refused (invalid, or of another chat)
 * @param maxMessages     the request's limit
 * @param errorMessage    the provider's sentence for a failure or the last retryable error, the disk for a
 *                        {@code disk_full} stop ("The disk is full: the disk ... (0 bytes free)."), else {@code null}
 * @param chatTitle       the chat's title, which sentences name it by; {@code null} when unknown (the id is used)
 */
public record SyncOutcome(String chatId, String requestId, SyncState state, StopReason stopReason, long newMessages,
                          long skippedMessages, int maxMessages, String errorMessage, String chatTitle) {

    /** An outcome whose sentences name the chat by its id. */
    public SyncOutcome(String chatId, String requestId, SyncState state, StopReason stopReason, long newMessages,
                       long skippedMessages, int maxMessages, String errorMessage) {
        this(chatId, requestId, state, stopReason, newMessages, skippedMessages, maxMessages, errorMessage, null);
    }

    public SyncOutcome {
        Objects.requireNonNull(chatId, "chatId must not be null");
        Objects.requireNonNull(requestId, "requestId must not be null");
        Objects.requireNonNull(state, "state must not be null");
        if (state == SyncState.NOT_STARTED || state == SyncState.IN_PROGRESS) {
            throw new IllegalArgumentException("a finished sync cannot be " + state.wireName());
        }
        if ((state == SyncState.INTERRUPTED) != (stopReason != null)) {
            throw new IllegalArgumentException("stopReason is set exactly when the state is interrupted");
        }
    }

    /** Whether the chat can be resumed from where this run stopped. */
    public boolean resumable() {
        return state.isResumable();
    }

    /** One sentence for the user saying what happened. */
    public String describe() {
        String chatId = chatTitle == null || chatTitle.isBlank() ? this.chatId : chatTitle;
        String stored = newMessages + (newMessages == 1 ? " new message" : " new messages");
        String skipped = skippedMessages == 0 ? "" : " (" + messages(skippedMessages) + " skipped as invalid)";
        return switch (state) {
            case COMPLETED -> "Stored " + stored + " of " + chatId + skipped + "; its history is complete.";
            case CANCELLED -> "Cancelled the sync of " + chatId + " after " + stored + skipped + "; it can be resumed.";
            case FAILED -> "The sync of " + chatId + " failed after " + stored + skipped + ": " + errorMessage;
            case INTERRUPTED -> switch (stopReason) {
                case LIMIT_REACHED -> "Stored " + stored + " of " + chatId + skipped + ", the limit of "
                        + maxMessages + "; older history remains and can be resumed.";
                case RETRIES_EXHAUSTED -> "Stopped syncing " + chatId + " after " + stored + skipped
                        + ", because the provider kept failing: " + errorMessage + " It can be resumed.";
                case SHUTDOWN -> "The sync of " + chatId + " stopped as the application closed, after " + stored
                        + skipped + "; it can be resumed.";
                case SOURCE_EXHAUSTED -> "Stored " + stored + " of " + chatId + skipped + "; the provider can fetch"
                        + " nothing older: " + errorMessage;
                case DISK_FULL -> "The sync of " + chatId + " stopped because the disk is full" + whichDisk()
                        + ", after storing " + stored + skipped + ", which are kept; it can be resumed once the disk has room.";
                case CRASHED -> "The sync of " + chatId + " stopped on an unexpected error after " + stored + skipped
                        + " (see the log file); it can be resumed.";
            };
            case NOT_STARTED, IN_PROGRESS -> throw new IllegalStateException("unreachable: " + state);
        };
    }

    /** " (the disk /data (/dev/sdb1) that holds ... (0 bytes free))" from the recorded sentence, or nothing. */
    private String whichDisk() {
        String prefix = "The disk is full: ";
        if (errorMessage == null || !errorMessage.startsWith(prefix)) {
            return "";
        }
        String disk = errorMessage.substring(prefix.length());
        return " (" + (disk.endsWith(".") ? disk.substring(0, disk.length() - 1) : disk) + ")";
    }

    private static String messages(long count) {
        return count == 1 ? "1 message" : count + " messages";
    }
}

package dev.chatarchive.host.store;

import java.util.Locale;

/**
 * Why an {@code interrupted} sync stopped; stored in {@code sync_checkpoints.stop_reason}. The seed
 * has one resumable "stopped mid-sync" state; the reason tells the user which kind of stop it was
 * without adding states to the seed's machine.
 */
public enum StopReason {
    /** The request's {@code max_messages} was reached while more history exists. */
    LIMIT_REACHED,
    /** The process stopped (crash, kill, power loss) while the sync was running. */
    CRASHED,
    /** The provider kept failing with retryable errors until the attempts ran out. */
    RETRIES_EXHAUSTED,
    /** The application was closed while the sync was running. */
    SHUTDOWN,
    /**
     * The provider can fetch nothing further although history goes on
     * ({@link dev.chatarchive.api.HistoryPage#exhausted()}: WhatsApp keeps the older messages of the
     * chat on the phone only); the checkpoint's error message holds the provider's sentence.
     */
    SOURCE_EXHAUSTED,
    /**
     * The disk holding the archive filled up: the page in flight was rolled back, every page stored
     * before it is kept, and the sync resumes from there once the disk has room; the checkpoint's
     * error message names the disk ({@link DiskFullException#disk()}).
     */
    DISK_FULL;

    /** The name stored in the archive, for example {@code "limit_reached"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason stored as {@code wireName}, or {@code null} for null or an unknown name. */
    public static StopReason fromWireName(String wireName) {
        for (StopReason reason : values()) {
            if (reason.wireName().equals(wireName)) {
                return reason;
            }
        }
        return null;
    }
}

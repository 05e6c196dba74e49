package dev.chatarchive.host.ui;

import dev.chatarchive.host.checkpoint.SyncMode;

/**
 * What the UI asks of the sync engine. The UI calls these on a background thread; they may block
 * while the engine records the request, but a sync itself runs on the engine's threads. Refusals
 * (a forbidden state transition, an unknown chat) are {@link RuntimeException}s whose message is a
 * sentence for the user.
 */
public interface SyncControls {

    /** Whether a sync engine is behind these controls; without one the UI offers no syncing. */
    default boolean available() {
        return true;
    }

    /**
     * Start syncing up to {@code maxMessages} older messages of a chat: {@link SyncMode#CONTINUE} from
     * the checkpoint (a new sync when there is none), {@link SyncMode#RESTART} forgetting the checkpoint
     * and starting again from the newest message.
     */
    void syncChat(String chatId, int maxMessages, SyncMode mode);

    /** Start syncing every chat that is not complete, up to {@code maxMessagesPerChat} each. */
    void syncAll(int maxMessagesPerChat);

    /** Cancel the chat's running sync; nothing happens when none runs. */
    void cancel(String chatId);

    /**
     * Whether a sync of the chat runs now. Only this process can be syncing: it holds the archive for
     * writing. Controls without a sync engine run nothing.
     */
    default boolean isSyncing(String chatId) {
        return false;
    }

    /**
     * How many messages the chat's last sync request asked for, so that resuming asks for the same
     * amount rather than a default; empty when the chat was never asked for.
     */
    default java.util.OptionalInt lastAskedMax(String chatId) {
        return java.util.OptionalInt.empty();
    }

    /**
     * Fetch the next older page of a chat from its provider, for the message view scrolling above
     * the oldest stored message. Blocks until the page is stored (or refused).
     *
     * @return how many new messages were stored
     */
    int loadOlder(String chatId, int pageSize) throws InterruptedException;

    /**
     * Import an export file, reading its dates in {@code dateOrder} ({@code day-month-year},
     * {@code month-day-year}, {@code year-month-day}): for a file refused because its dates read both
     * ways. Blocks until its chats are synced.
     *
     * @return one sentence saying what was imported
     */
    default String importWithDateOrder(java.nio.file.Path file, String dateOrder) throws InterruptedException {
        throw new IllegalStateException("Importing is not available in this session.");
    }

    /** The global sync status for the status line. */
    SyncOverview overview();

    /**
     * Tell {@code listener} whenever a chat's sync state or stored messages change (after the
     * engine committed). Called on engine threads; the listener must return quickly.
     */
    void addListener(Listener listener);

    /** Told of changes; see {@link #addListener}. */
    @FunctionalInterface
    interface Listener {
        void chatChanged(String chatId);
    }

    /** Sync controls for an archive with no sync engine: everything is refused with a sentence. */
    SyncControls NONE = new SyncControls() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void syncChat(String chatId, int maxMessages, SyncMode mode) {
            throw new IllegalStateException("Syncing is not available in this session.");
        }

        @Override
        public void syncAll(int maxMessagesPerChat) {
            throw new IllegalStateException("Syncing is not available in this session.");
        }

        @Override
        public void cancel(String chatId) {
        }

        @Override
        public int loadOlder(String chatId, int pageSize) {
            throw new IllegalStateException("Older history cannot be fetched in this session.");
        }

        @Override
        public SyncOverview overview() {
            return SyncOverview.IDLE;
        }

        @Override
        public void addListener(Listener listener) {
        }
    };
}

package dev.chatarchive.host.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * What the sync engine tells its {@link SyncListener}s. Every event names its chat. Events about
 * stored data ({@link BatchStored}, {@link ProgressChanged}, {@link Finished}) are published only
 * after the transaction that stored it has committed, so a listener that reads the archive in
 * response always sees what the event reports.
 */
public sealed interface SyncEvent {

    /** The chat this event is about. */
    String chatId();

    /**
     * A sync began: its request was recorded and the checkpoint is {@code in_progress}.
     *
     * @param resumed   whether it continues from the checkpoint's cursor
     * @param restarted whether it started the chat over
     * @param catchUp   whether it first fetches what is newer than the archive's newest message
     */
    record Started(String chatId, String requestId, boolean resumed, boolean restarted, boolean catchUp)
            implements SyncEvent {
        public Started {
            Objects.requireNonNull(chatId, "chatId must not be null");
        }
    }

    /**
     * A page request failed with a retryable error and will be tried again after {@code delay}.
     *
     * @param failedAttempts how many calls of this page have failed
     * @param maxAttempts    how many calls will be made before giving up
     * @param reason         the provider's sentence
     */
    record Retrying(String chatId, int failedAttempts, int maxAttempts, Duration delay, String reason)
            implements SyncEvent {
        public Retrying {
            Objects.requireNonNull(chatId, "chatId must not be null");
        }
    }

    /**
     * A page was committed. Anything cached about the chat (its summary, its newest page) is stale now.
     *
     * @param newMessages how many messages were new (possibly zero: the page held only known ones)
     */
    record BatchStored(String chatId, int newMessages) implements SyncEvent {
        public BatchStored {
            Objects.requireNonNull(chatId, "chatId must not be null");
        }
    }

    /** Progress of one sync and of all running syncs, after a committed page. */
    record ProgressChanged(ChatProgress chat, OverallProgress overall) implements SyncEvent {
        public ProgressChanged {
            Objects.requireNonNull(chat, "chat must not be null");
            Objects.requireNonNull(overall, "overall must not be null");
        }

        @Override
        public String chatId() {
            return chat.chatId();
        }
    }

    /** A sync ended; its final state is committed. */
    record Finished(SyncOutcome outcome) implements SyncEvent {
        public Finished {
            Objects.requireNonNull(outcome, "outcome must not be null");
        }

        @Override
        public String chatId() {
            return outcome.chatId();
        }
    }
}

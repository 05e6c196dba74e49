package dev.chatarchive.host.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The archive's stores over one handle, so that what a caller does with several of them happens in
 * one transaction (for example: insert a page of messages, move the checkpoint's cursor, update the
 * global status). Get one from {@link Archive#write} or {@link Archive#read}; it is valid only inside
 * that callback.
 */
public final class ArchiveSession {

    private final Handle handle;
    private final MessageRules rules;
    private final Instant now;

    ArchiveSession(Handle handle, MessageRules rules, Instant now) {
        this.handle = handle;
        this.rules = rules;
        this.now = now;
    }

    /** The instant this session was opened, from the archive's clock: "now" for everything it writes. */
    public Instant now() {
        return now;
    }

    public MessageStore messages() {
        return new MessageStore(handle, rules, now);
    }

    public ChatStore chats() {
        return new ChatStore(handle, now);
    }

    public CheckpointStore checkpoints() {
        return new CheckpointStore(handle);
    }

    public SyncRequestStore requests() {
        return new SyncRequestStore(handle);
    }

    /** Attached files: which message carries which file, and which files the archive holds. */
    public AttachmentStore attachments() {
        return new AttachmentStore(handle, now);
    }

    public SyncStatusStore status() {
        return new SyncStatusStore(handle);
    }

    /**
     * Moves chat {@code from}'s messages onto chat {@code into}, dropping those {@code into} already
     * holds by the merge rule ({@link ChatMerge}); {@code from == into} de-duplicates an export's
     * messages within the real chat. The merge is remembered ({@link #merges()}). The caller checks
     * that both chats exist.
     */
    public ChatMerge.Outcome merge(String from, String into) {
        return ChatMerge.merge(handle, from, into, now.toEpochMilli());
    }

    /** The merges the user made, remembered so that they stay in effect. */
    public ChatMerges merges() {
        return new ChatMerges(handle, now);
    }

    /** Full-text search of the messages, in this session's transaction. */
    public MessageSearch search() {
        return new MessageSearch(handle);
    }

    /**
     * The raw handle, for tests and statistics the stores do not offer. Application code outside
     * this package reads and writes through the stores above, never through SQL of its own.
     */
    public Handle handle() {
        return handle;
    }
}

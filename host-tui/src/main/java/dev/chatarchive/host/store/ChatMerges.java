package dev.chatarchive.host.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The merges the user made with {@code chat-archive merge}, remembered (schema version 4, tables
 * {@code chat_merges} and {@code merged_messages}), so that a merge stays in effect:
 * <ul>
 *   <li>the export messages a merge dropped or moved are never stored under the export chat again
 *       ({@link MessageStore#insertIfAbsent} skips them), so importing the same export again adds
 *       nothing;
 *   <li>when a sync run of a chat that was merged away ends (an import of the export again, a newer
 *       export of it, {@code sync --all} listing it), what the run stored is merged into the real
 *       chat by the same rule and the export chat is removed again ({@link #afterSync});
 *   <li>when a sync run stores new messages in a chat that is a merge's target (a backup or live
 *       mode bringing older real history), the export lines it holds are matched again against them.
 * </ul>
 * The rule itself is {@link ChatMerge}'s. Everything happens in the caller's transaction.
 */
public final class ChatMerges {

    private final Handle handle;
    private final long now;

    ChatMerges(Handle handle, Instant now) {
        this.handle = handle;
        this.now = now.toEpochMilli();
    }

    /** One remembered merge: {@code from}'s messages belong to {@code into} ({@code from == into}: de-duplicated in place). */
    public record Merge(String from, String into, Instant mergedAt) {
    }

    /** What applying a remembered merge again did. */
    public record Reapplied(String from, String into, ChatMerge.Outcome outcome) {
    }

    /** The chat that {@code chatId} was merged into, when it was merged into another chat. */
    public Optional<String> mergedInto(String chatId) {
        return handle.createQuery("SELECT into_chat FROM chat_merges WHERE from_chat = :chat AND into_chat <> :chat")
                .bind("chat", chatId).mapTo(String.class).findOne();
    }

    /** The remembered merge of {@code chatId} (into another chat or into itself), if any. */
    public Optional<Merge> find(String chatId) {
        return handle.createQuery("SELECT from_chat, into_chat, merged_at FROM chat_merges WHERE from_chat = :chat")
                .bind("chat", chatId)
                .map((rs, ctx) -> new Merge(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .findOne();
    }

    /** Every remembered merge, oldest first. */
    public List<Merge> list() {
        return handle.createQuery("SELECT from_chat, into_chat, merged_at FROM chat_merges ORDER BY merged_at, from_chat")
                .map((rs, ctx) -> new Merge(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list();
    }

    /**
     * Keeps the merges that concern {@code chatId} in effect after one of its sync runs ended, having
     * stored {@code newMessages}:
     * <ul>
     *   <li>{@code chatId} was merged into another chat: whatever the run brought back is merged into
     *       that chat, and the emptied chat is removed with its checkpoint;
     *   <li>{@code chatId} is a merge's target and the run stored something: its export lines are
     *       matched again against the real messages ({@code merge CHAT CHAT}).
     * </ul>
     *
     * @return what was merged, or empty when no merge concerns the chat or nothing was to be done
     */
    public Optional<Reapplied> afterSync(String chatId, long newMessages) {
        Optional<String> into = mergedInto(chatId);
        if (into.isPresent()) {
            if (!chatExists(chatId) || !chatExists(into.get())) {
                return Optional.empty();
            }
            return Optional.of(new Reapplied(chatId, into.get(), ChatMerge.apply(handle, chatId, into.get(), now)));
        }
        boolean target = handle.createQuery("SELECT 1 FROM chat_merges WHERE into_chat = :chat LIMIT 1")
                .bind("chat", chatId).mapTo(Integer.class).findOne().isPresent();
        if (!target || newMessages <= 0 || !chatExists(chatId)) {
            return Optional.empty();
        }
        ChatMerge.Outcome outcome = ChatMerge.apply(handle, chatId, chatId, now);
        return outcome.matched() == 0 ? Optional.empty() : Optional.of(new Reapplied(chatId, chatId, outcome));
    }

    private boolean chatExists(String chatId) {
        return handle.createQuery("SELECT 1 FROM chats WHERE chat_jid = :chat").bind("chat", chatId)
                .mapTo(Integer.class).findOne().isPresent();
    }
}

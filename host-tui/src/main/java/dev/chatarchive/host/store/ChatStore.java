package dev.chatarchive.host.store;

import dev.chatarchive.api.ChatDescription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The chats the archive knows, through one {@link Handle}. A chat belongs to exactly one provider:
 * chat ids are global in the archive, and a second provider claiming a known id is refused.
 */
public final class ChatStore {

    private static final String COLUMNS = "chat_jid, provider_id, title, is_group, last_activity, estimated_size, message_count";

    private final Handle handle;
    private final long now;

    public ChatStore(Handle handle, Instant now) {
        this.handle = handle;
        this.now = now.toEpochMilli();
    }

    long now() {
        return now;
    }

    /**
     * Adds the chat, or updates its title, group flag, last activity (never backwards) and size
     * estimate from what the provider says now.
     */
    public void upsert(String providerId, ChatDescription chat) {
        checkOwner(providerId, chat.chatId());
        handle.createUpdate("INSERT INTO chats (chat_jid, provider_id, title, is_group, last_activity, estimated_size, "
                        + "created_at, updated_at) VALUES (:chat, :provider, :title, :group, :last, :size, :now, :now) "
                        + "ON CONFLICT (chat_jid) DO UPDATE SET title = excluded.title, is_group = excluded.is_group, "
                        + "last_activity = max(coalesce(chats.last_activity, 0), coalesce(excluded.last_activity, 0)), "
                        + "estimated_size = coalesce(excluded.estimated_size, chats.estimated_size), "
                        + "updated_at = excluded.updated_at")
                .bind("chat", chat.chatId())
                .bind("provider", providerId)
                .bind("title", chat.title())
                .bind("group", chat.group() ? 1 : 0)
                .bindByType("last", chat.lastActivity() == null ? null : chat.lastActivity().toEpochMilli(), Long.class)
                .bindByType("size", chat.estimatedSize(), Long.class)
                .bind("now", now)
                .execute();
    }

    /**
     * Makes sure the chat has a row; refuses a chat of another provider. A new row is a placeholder,
     * titled by its id and not a group, until the provider describes the chat ({@link #upsert}): the
     * archive never guesses what a chat is from the shape of its id, which only the provider knows.
     */
    public void ensure(String providerId, String chatId) {
        checkOwner(providerId, chatId);
        handle.createUpdate("INSERT INTO chats (chat_jid, provider_id, title, is_group, created_at, updated_at) "
                        + "VALUES (:chat, :provider, :chat, 0, :now, :now) ON CONFLICT (chat_jid) DO NOTHING")
                .bind("chat", chatId).bind("provider", providerId).bind("now", now)
                .execute();
    }

    /** The chat's integer key (schema version 7: what its messages name it by); the chat must have a row. */
    long key(String chatId) {
        return handle.createQuery("SELECT chat_key FROM chats WHERE chat_jid = :chat")
                .bind("chat", chatId).mapTo(Long.class).one();
    }

    private void checkOwner(String providerId, String chatId) {
        Optional<String> owner = handle.createQuery("SELECT provider_id FROM chats WHERE chat_jid = :chat")
                .bind("chat", chatId).mapTo(String.class).findOne();
        if (owner.isPresent() && !owner.get().equals(providerId)) {
            throw new ValidationException("chat " + chatId + " belongs to provider '" + owner.get()
                    + "', so provider '" + providerId + "' cannot store messages in it");
        }
    }

    void recordNewMessages(String chatId, long added, long newestTimestamp) {
        handle.createUpdate("UPDATE chats SET message_count = message_count + :added, "
                        + "last_activity = max(coalesce(last_activity, 0), :newest), updated_at = :now "
                        + "WHERE chat_jid = :chat")
                .bind("added", added).bind("newest", newestTimestamp).bind("now", now).bind("chat", chatId)
                .execute();
    }

    public Optional<ChatRecord> find(String chatId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM chats WHERE chat_jid = :chat")
                .bind("chat", chatId).map(ChatStore::map).findOne();
    }

    /** Every chat, newest activity first (chats with no activity last, then by title). */
    public List<ChatRecord> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM chats "
                        + "ORDER BY last_activity IS NULL, last_activity DESC, title")
                .map(ChatStore::map).list();
    }

    /** Every chat of one provider, newest activity first. */
    public List<ChatRecord> listOf(String providerId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM chats WHERE provider_id = :provider "
                        + "ORDER BY last_activity IS NULL, last_activity DESC, title")
                .bind("provider", providerId).map(ChatStore::map).list();
    }

    static ChatRecord map(ResultSet rs, StatementContext context) throws SQLException {
        long last = rs.getLong("last_activity");
        boolean noLast = rs.wasNull() || last == 0;
        long size = rs.getLong("estimated_size");
        boolean noSize = rs.wasNull();
        return new ChatRecord(rs.getString("chat_jid"), rs.getString("provider_id"), rs.getString("title"),
                rs.getInt("is_group") != 0, noLast ? null : Instant.ofEpochMilli(last), noSize ? null : size,
                rs.getLong("message_count"));
    }
}

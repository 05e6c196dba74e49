package dev.chatarchive.host.store;

import dev.chatarchive.host.checkpoint.SyncState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Sync checkpoints, through one {@link Handle}. {@link #save} is the only way a checkpoint changes,
 * and it enforces what needs the archive: the seed's transitions ({@link SyncState}) and that the
 * cursor is a message the archive holds. Refusals are {@link ValidationException}s with a sentence;
 * nothing is written.
 */
public final class CheckpointStore {

    private static final String COLUMNS = "chat_jid, status, messages_synced, last_message_id, last_timestamp, "
            + "progress_percent, error_message, stop_reason, created_at, updated_at, completed_at";

    private final Handle handle;

    public CheckpointStore(Handle handle) {
        this.handle = handle;
    }

    public Optional<SyncCheckpoint> find(String chatId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM sync_checkpoints WHERE chat_jid = :chat")
                .bind("chat", chatId).map(CheckpointStore::map).findOne();
    }

    public List<SyncCheckpoint> list() {
        return handle.createQuery("SELECT " + COLUMNS + " FROM sync_checkpoints ORDER BY chat_jid")
                .map(CheckpointStore::map).list();
    }


    /**
     * Writes {@code next}. A new checkpoint may start as {@code not_started} or {@code in_progress};
     * an existing one may keep its state (an update of progress) or move as the seed allows.
     *
     * @throws ValidationException for a forbidden transition, a cursor the archive does not hold, or
     *                             an unknown chat
     */
    public void save(SyncCheckpoint next) {
        Optional<SyncCheckpoint> current = find(next.chatId());
        if (current.isEmpty() && next.status() != SyncState.NOT_STARTED && next.status() != SyncState.IN_PROGRESS) {
            throw new ValidationException("a new sync checkpoint for " + next.chatId()
                    + " must start as not_started or in_progress, not " + next.status().wireName());
        }
        current.ifPresent(existing -> checkTransition(existing.status(), next.status(), next.chatId()));
        if (next.lastMessageId() != null && !messageExists(next.chatId(), next.lastMessageId())) {
            throw new ValidationException("last_message_id " + next.lastMessageId() + " is not a message the archive "
                    + "holds for " + next.chatId() + ": a checkpoint's cursor must be a stored message");
        }
        if (!chatExists(next.chatId())) {
            throw new ValidationException("chat " + next.chatId() + " is not in the archive; add the chat before its checkpoint");
        }
        handle.createUpdate("INSERT INTO sync_checkpoints (sync_id, " + COLUMNS + ") VALUES (:chat, :chat, :status, "
                        + ":synced, :cursor, :cursorTime, :progress, :error, :reason, :created, :updated, :completed) "
                        + "ON CONFLICT (sync_id) DO UPDATE SET status = excluded.status, "
                        + "messages_synced = excluded.messages_synced, last_message_id = excluded.last_message_id, "
                        + "last_timestamp = excluded.last_timestamp, progress_percent = excluded.progress_percent, "
                        + "error_message = excluded.error_message, stop_reason = excluded.stop_reason, "
                        + "updated_at = excluded.updated_at, completed_at = excluded.completed_at")
                .bind("chat", next.chatId())
                .bind("status", next.status().wireName())
                .bind("synced", next.messagesSynced())
                .bindByType("cursor", next.lastMessageId(), String.class)
                .bindByType("cursorTime", millis(next.lastTimestamp()), Long.class)
                .bindByType("progress", next.progressPercent(), Integer.class)
                .bindByType("error", next.errorMessage(), String.class)
                .bindByType("reason", next.stopReason() == null ? null : next.stopReason().wireName(), String.class)
                .bind("created", next.createdAt().toEpochMilli())
                .bind("updated", next.updatedAt().toEpochMilli())
                .bindByType("completed", millis(next.completedAt()), Long.class)
                .execute();
    }

    private static void checkTransition(SyncState from, SyncState to, String chatId) {
        if (from == to) {
            if (from.isEnd()) {
                throw new ValidationException("the sync of " + chatId + " is " + from.wireName()
                        + ", an end state; start it over explicitly with restart");
            }
            return;
        }
        if (!from.canMoveTo(to)) {
            String hint = from == SyncState.IN_PROGRESS ? " (it is already syncing)"
                    : from.isEnd() ? " (" + from.wireName() + " is an end state; start it over explicitly with restart)"
                    : "";
            throw new ValidationException("the sync of " + chatId + " cannot go from " + from.wireName() + " to "
                    + to.wireName() + hint);
        }
    }

    /**
     * The explicit, recorded way to start a chat's sync over ({@code --restart}): the checkpoint is
     * replaced by a fresh {@code not_started} one. Refused while the chat is syncing. The messages
     * already stored stay; the restarted sync walks back from the provider's newest message (see
     * docs/sync.md, "Restart").
     */
    public SyncCheckpoint reset(String chatId, Instant now) {
        find(chatId).ifPresent(existing -> {
            if (existing.status() == SyncState.IN_PROGRESS) {
                throw new ValidationException("the sync of " + chatId + " is in progress; cancel it before restarting");
            }
        });
        handle.createUpdate("DELETE FROM sync_checkpoints WHERE chat_jid = :chat").bind("chat", chatId).execute();
        SyncCheckpoint fresh = SyncCheckpoint.notStarted(chatId, now);
        save(fresh);
        return fresh;
    }

    /**
     * Crash recovery: every {@code in_progress} checkpoint becomes {@code interrupted} with
     * {@code reason}. Run once at start, before any sync can begin.
     *
     * @return how many checkpoints were interrupted
     */
    public int interruptRunning(StopReason reason, Instant now) {
        return handle.createUpdate("UPDATE sync_checkpoints SET status = 'interrupted', stop_reason = :reason, "
                        + "updated_at = :now WHERE status = 'in_progress'")
                .bind("reason", reason.wireName()).bind("now", now.toEpochMilli()).execute();
    }

    private boolean messageExists(String chatId, String id) {
        return handle.createQuery("SELECT 1 FROM messages WHERE chat_jid = :chat AND id = :id")
                .bind("chat", chatId).bind("id", id).mapTo(Integer.class).findOne().isPresent();
    }

    private boolean chatExists(String chatId) {
        return handle.createQuery("SELECT 1 FROM chats WHERE chat_jid = :chat").bind("chat", chatId)
                .mapTo(Integer.class).findOne().isPresent();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static SyncCheckpoint map(ResultSet rs, StatementContext context) throws SQLException {
        return new SyncCheckpoint(
                rs.getString("chat_jid"),
                SyncState.fromWireName(rs.getString("status")),
                rs.getLong("messages_synced"),
                rs.getString("last_message_id"),
                instant(rs, "last_timestamp"),
                integer(rs, "progress_percent"),
                rs.getString("error_message"),
                StopReason.fromWireName(rs.getString("stop_reason")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "completed_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}

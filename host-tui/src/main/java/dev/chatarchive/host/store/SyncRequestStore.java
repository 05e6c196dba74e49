package dev.chatarchive.host.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Sync requests, through one {@link Handle}: recorded once, never changed (the archive refuses updates). */
public final class SyncRequestStore {

    private static final String COLUMNS = "request_id, chat_jid, max_messages, resume, restart, requested_at, requested_by";

    private final Handle handle;

    public SyncRequestStore(Handle handle) {
        this.handle = handle;
    }

    public void record(SyncRequest request) {
        handle.createUpdate("INSERT INTO sync_requests (" + COLUMNS + ") VALUES (:id, :chat, :max, :resume, :restart, "
                        + ":at, :by)")
                .bind("id", request.requestId())
                .bind("chat", request.chatId())
                .bind("max", request.maxMessages())
                .bind("resume", request.resume() ? 1 : 0)
                .bind("restart", request.restart() ? 1 : 0)
                .bind("at", request.requestedAt().toEpochMilli())
                .bindByType("by", request.requestedBy(), String.class)
                .execute();
    }

    public Optional<SyncRequest> find(String requestId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM sync_requests WHERE request_id = :id")
                .bind("id", requestId).map(SyncRequestStore::map).findOne();
    }

    /** The chat's requests, oldest first. */
    public List<SyncRequest> forChat(String chatId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM sync_requests WHERE chat_jid = :chat "
                        + "ORDER BY requested_at, request_id")
                .bind("chat", chatId).map(SyncRequestStore::map).list();
    }

    static SyncRequest map(ResultSet rs, StatementContext context) throws SQLException {
        return new SyncRequest(rs.getString("request_id"), rs.getString("chat_jid"), rs.getInt("max_messages"),
                rs.getInt("resume") != 0, rs.getInt("restart") != 0, CheckpointStore.instant(rs, "requested_at"),
                rs.getString("requested_by"));
    }
}

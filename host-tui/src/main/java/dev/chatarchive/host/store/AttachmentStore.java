package dev.chatarchive.host.store;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.media.MimeTypes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Which file each message carries, and which files the archive holds (the tables {@code attachments}
 * and {@code media_files}); the bytes themselves are in the media store
 * ({@link dev.chatarchive.host.media.MediaStore}).
 *
 * <p>A message gets one attachment row, from the first delivery that describes one; a later
 * delivery never changes the description, it only adds the bytes when the row has none yet. So a
 * message's file, once stored, never changes.
 */
public final class AttachmentStore {

    /** Lists of ids are looked up this many at a time (SQLite's default limit is 32766 parameters). */
    private static final int CHUNK = 500;

    private final Handle handle;
    private final long now;

    AttachmentStore(Handle handle, Instant now) {
        this.handle = handle;
        this.now = now.toEpochMilli();
    }

    /** A message with its attached file, for listings and exports. */
    public record MessageFile(StoredMessage message, StoredAttachment attachment) {
    }

    /** How much the archive holds: distinct files and their bytes, and attachments with and without bytes. */
    public record Totals(long files, long bytes, long attachments, long attachmentsStored) {
    }

    /**
     * Records the description of each message's attachment, for messages the archive holds that have
     * no attachment row yet. Messages without an attachment are ignored.
     */
    public void describe(String chatId, List<HistoricalMessage> messages) {
        // Plain JDBC, not a Jdbi batch: binding by name through Jdbi's argument machinery cost more than
        // SQLite's work for a row (a backup has an attachment on one message in twenty).
        try (PreparedStatement insert = handle.getConnection().prepareStatement("INSERT INTO attachments ("
                + "message_row_id, file_name, mime_type, size, created_at, updated_at) SELECT row_id, ?, ?, ?, ?, ? "
                + "FROM messages WHERE chat_jid = ? AND id = ? ON CONFLICT (message_row_id) DO NOTHING")) {
            int rows = 0;
            for (HistoricalMessage message : messages) {
                Attachment attachment = message.attachment();
                if (attachment == null) {
                    continue;
                }
                insert.setString(1, attachment.fileName());
                insert.setString(2, attachment.mimeType() != null ? attachment.mimeType()
                        : MimeTypes.guess(attachment.fileName()));
                if (attachment.size() == null) {
                    insert.setNull(3, Types.INTEGER);
                } else {
                    insert.setLong(3, attachment.size());
                }
                insert.setLong(4, now);
                insert.setLong(5, now);
                insert.setString(6, chatId);
                insert.setString(7, message.id());
                insert.addBatch();
                rows++;
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * Records the description of one held message's attachment, replacing the description it has as
     * long as it has no bytes yet (a provider handing over the file later knows it better).
     */
    public void describeOrReplace(String chatId, String messageId, Attachment attachment) {
        handle.createUpdate("INSERT INTO attachments (message_row_id, file_name, mime_type, size, created_at, updated_at) "
                        + "SELECT row_id, :name, :mime, :size, :now, :now FROM messages WHERE chat_jid = :chat AND id = :id "
                        + "ON CONFLICT (message_row_id) DO UPDATE SET file_name = excluded.file_name, "
                        + "mime_type = excluded.mime_type, size = excluded.size, updated_at = excluded.updated_at "
                        + "WHERE attachments.sha256 IS NULL")
                .bind("chat", chatId).bind("id", messageId)
                .bind("name", attachment.fileName())
                .bind("mime", attachment.mimeType() != null ? attachment.mimeType() : MimeTypes.guess(attachment.fileName()))
                .bindByType("size", attachment.size(), Long.class)
                .bind("now", now)
                .execute();
    }

    /**
     * Links stored bytes to a message whose attachment has none yet, recording the file. Does nothing
     * when the message has no attachment row, or already has bytes.
     *
     * @return whether the message got the file
     */
    public boolean link(String chatId, String messageId, String sha256, long size) {
        handle.createUpdate("INSERT INTO media_files (sha256, size, created_at) VALUES (:sha, :size, :now) "
                        + "ON CONFLICT (sha256) DO NOTHING")
                .bind("sha", sha256).bind("size", size).bind("now", now).execute();
        return handle.createUpdate("UPDATE attachments SET sha256 = :sha, size = :size, updated_at = :now "
                        + "WHERE sha256 IS NULL AND message_row_id = "
                        + "(SELECT row_id FROM messages WHERE chat_jid = :chat AND id = :id)")
                .bind("sha", sha256).bind("size", size).bind("now", now)
                .bind("chat", chatId).bind("id", messageId).execute() > 0;
    }

    /**
     * For those of {@code messageIds} the archive holds with an attachment row: the hash of the stored
     * bytes, or an empty value when the row has none. Ids missing from the map are not held, or have
     * no attachment row.
     */
    public Map<String, Optional<String>> storedHashes(String chatId, Collection<String> messageIds) {
        Map<String, Optional<String>> found = new HashMap<>();
        List<String> ids = new ArrayList<>(messageIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            handle.createQuery("SELECT m.id, a.sha256 FROM messages m JOIN attachments a ON a.message_row_id = m.row_id "
                            + "WHERE m.chat_jid = :chat AND m.id IN (<ids>)")
                    .bind("chat", chatId).bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), Optional.ofNullable(rs.getString(2))))
                    .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        }
        return found;
    }

    /** The attachment of each of these messages (by row id) that has one. */
    public Map<Long, StoredAttachment> forMessages(Collection<Long> rowIds) {
        Map<Long, StoredAttachment> found = new HashMap<>();
        List<Long> ids = new ArrayList<>(rowIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            handle.createQuery("SELECT message_row_id, file_name, mime_type, size, sha256 FROM attachments "
                            + "WHERE message_row_id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getLong("message_row_id"), attachment(rs)))
                    .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        }
        return found;
    }

    /** The attachment of one message, if it has one. */
    public Optional<StoredAttachment> find(String chatId, String messageId) {
        return handle.createQuery("SELECT a.file_name, a.mime_type, a.size, a.sha256 FROM attachments a "
                        + "JOIN messages m ON m.row_id = a.message_row_id WHERE m.chat_jid = :chat AND m.id = :id")
                .bind("chat", chatId).bind("id", messageId)
                .map((rs, ctx) -> attachment(rs)).findOne();
    }

    /** Every message of the chat that carries a file, oldest first. */
    public List<MessageFile> ofChat(String chatId) {
        return handle.createQuery("SELECT " + MessageStore.COLUMNS + ", a.file_name, a.mime_type, a.size, a.sha256 "
                        + "FROM messages JOIN attachments a ON a.message_row_id = messages.row_id "
                        + "WHERE messages.chat_jid = :chat ORDER BY messages.timestamp, messages.id")
                .bind("chat", chatId)
                .map((rs, ctx) -> new MessageFile(MessageStore.map(rs, ctx), attachment(rs)))
                .list();
    }

    /** What the archive holds in all. */
    public Totals totals() {
        return handle.createQuery("SELECT (SELECT count(*) FROM media_files), "
                        + "(SELECT coalesce(sum(size), 0) FROM media_files), (SELECT count(*) FROM attachments), "
                        + "(SELECT count(*) FROM attachments WHERE sha256 IS NOT NULL)")
                .map((rs, ctx) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .one();
    }

    /** Files no attachment uses any more (after messages were deleted): safe to delete from the media store. */
    public List<String> unusedFiles() {
        return handle.createQuery("SELECT sha256 FROM media_files f WHERE NOT EXISTS "
                        + "(SELECT 1 FROM attachments a WHERE a.sha256 = f.sha256)")
                .mapTo(String.class).list();
    }

    /** Forgets a file the archive no longer holds; refused (by the foreign key) while an attachment uses it. */
    public void forgetFile(String sha256) {
        handle.createUpdate("DELETE FROM media_files WHERE sha256 = :sha").bind("sha", sha256).execute();
    }

    static StoredAttachment attachment(ResultSet rs) throws SQLException {
        long size = rs.getLong("size");
        Long declared = rs.wasNull() ? null : size;
        return new StoredAttachment(rs.getString("file_name"), rs.getString("mime_type"), declared,
                rs.getString("sha256"));
    }
}

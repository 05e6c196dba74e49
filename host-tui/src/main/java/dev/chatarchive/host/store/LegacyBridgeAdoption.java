package dev.chatarchive.host.store;

import dev.chatarchive.host.checkpoint.SyncState;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts a baileys-bridge database in place (the seed's "Migration Considerations").
 *
 * <p>Such a file has a {@code messages} table without {@code message_type}/{@code raw_proto}, a
 * {@code sync_status} singleton, and often a {@code chats} table and a {@code sync_checkpoints}
 * table of its own shape. Adoption runs inside migration 1's transaction: the old tables are renamed
 * aside, the version-1 schema is created, every old message is copied (its timestamp converted to
 * epoch milliseconds; one that cannot be read is kept with timestamp 0 and its original text in
 * {@code raw_proto}), chats are made from the old chat table and from every chat id the messages
 * name, the global status and any checkpoints are carried over, and the old tables are dropped. It
 * either all happens or, on any error, none of it does.
 */
final class LegacyBridgeAdoption {

    private static final Logger log = LoggerFactory.getLogger(LegacyBridgeAdoption.class);
    private static final String PROVIDER = "whatsapp";
    private static final List<String> LEGACY_TABLES = List.of("messages", "chats", "sync_status", "sync_checkpoints");

    private final Handle handle;
    private final long now;

    LegacyBridgeAdoption(Handle handle, Clock clock) {
        this.handle = handle;
        this.now = clock.millis();
    }

    /** Whether the file is an unversioned database with a baileys-bridge {@code messages} table. */
    static boolean isLegacyBridge(Handle handle) {
        if (Migrations.userVersion(handle) != 0 || !tableExists(handle, "messages")) {
            return false;
        }
        Set<String> columns = columns(handle, "messages");
        return columns.containsAll(Set.of("id", "chat_jid", "content", "timestamp"));
    }

    void adopt() {
        List<String> present = LEGACY_TABLES.stream().filter(table -> tableExists(handle, table)).toList();
        for (String table : present) {
            dropIndexesAndTriggers(table);
        }
        for (String table : present) {
            handle.execute("ALTER TABLE " + table + " RENAME TO legacy_" + table);
        }
        Migrations.schemaV1().executeIn(handle);
        copyChats(present.contains("chats"));
        int copied = copyMessages();
        refreshChatCounts();
        copyStatus(present.contains("sync_status"));
        if (present.contains("sync_checkpoints")) {
            copyCheckpoints();
        }
        int legacyCount = handle.createQuery("SELECT count(*) FROM legacy_messages").mapTo(Integer.class).one();
        if (copied != legacyCount) {
            throw new ArchiveException("Adopting the baileys-bridge database would keep " + copied + " of its "
                    + legacyCount + " messages, so nothing was changed. Please report this with the file's schema.");
        }
        for (String table : List.of("sync_checkpoints", "messages", "chats", "sync_status")) {
            if (present.contains(table)) {
                handle.execute("DROP TABLE legacy_" + table);
            }
        }
        log.info("Adopted a baileys-bridge database: {} messages kept", copied);
    }

    private void dropIndexesAndTriggers(String table) {
        List<Map<String, Object>> objects = handle.createQuery(
                        "SELECT type, name FROM sqlite_master WHERE tbl_name = :table AND type IN ('index', 'trigger') "
                                + "AND sql IS NOT NULL")
                .bind("table", table).mapToMap().list();
        for (Map<String, Object> object : objects) {
            handle.execute("DROP " + object.get("type") + " \"" + object.get("name") + "\"");
        }
    }

    private void copyChats(boolean hasChatTable) {
        if (hasChatTable) {
            Set<String> columns = columns(handle, "legacy_chats");
            String idColumn = columns.contains("jid") ? "jid" : "chat_jid";
            String nameColumn = columns.contains("name") ? "name" : "NULL";
            String timeColumn = columns.contains("last_message_time") ? "last_message_time" : "NULL";
            List<Map<String, Object>> chats = handle.createQuery("SELECT " + idColumn + " AS jid, " + nameColumn
                    + " AS name, " + timeColumn + " AS last_time FROM legacy_chats WHERE " + idColumn + " IS NOT NULL")
                    .mapToMap().list();
            for (Map<String, Object> chat : chats) {
                String jid = chat.get("jid").toString();
                Object name = chat.get("name");
                insertChat(jid, name == null || name.toString().isBlank() ? titleOf(jid) : name.toString());
            }
        }
        List<String> jids = handle.createQuery("SELECT DISTINCT chat_jid FROM legacy_messages WHERE chat_jid IS NOT NULL")
                .mapTo(String.class).list();
        for (String jid : jids) {
            insertChat(jid, titleOf(jid));
        }
    }

    /**
     * A bridge file keeps no group flag: in its format a group is a chat id on {@code @g.us}. This
     * reads the old format once; new chats take their group flag from their provider's description.
     */
    private void insertChat(String jid, String title) {
        handle.createUpdate("INSERT OR IGNORE INTO chats (chat_jid, provider_id, title, is_group, created_at, updated_at) "
                        + "VALUES (:jid, :provider, :title, :group, :now, :now)")
                .bind("jid", jid).bind("provider", PROVIDER).bind("title", title)
                .bind("group", jid.endsWith("@g.us") ? 1 : 0).bind("now", now)
                .execute();
    }

    private static String titleOf(String jid) {
        int at = jid.indexOf('@');
        return at > 0 ? jid.substring(0, at) : jid;
    }

    private int copyMessages() {
        Set<String> columns = columns(handle, "legacy_messages");
        String sender = columns.contains("sender") ? "sender" : "NULL";
        String fromMe = columns.contains("is_from_me") ? "is_from_me" : "0";
        String type = columns.contains("message_type") ? "message_type" : "NULL";
        String raw = columns.contains("raw_proto") ? "raw_proto" : "NULL";
        int[] copied = {0};
        PreparedBatch batch = handle.prepareBatch("INSERT INTO messages (id, chat_jid, sender, content, timestamp, "
                + "is_from_me, message_type, raw_proto, created_at) VALUES (:id, :chat, :sender, :content, :timestamp, "
                + ":fromMe, :type, :raw, :now)");
        handle.createQuery("SELECT id, chat_jid, " + sender + " AS sender, content, timestamp, " + fromMe
                        + " AS from_me, " + type + " AS type, " + raw + " AS raw FROM legacy_messages")
                .mapToMap()
                .forEach(row -> {
                    Object timestampValue = row.get("timestamp");
                    OptionalLong timestamp = LegacyTimestamps.toEpochMillis(timestampValue);
                    String rawProto = raw(row.get("raw"), timestamp.isPresent() ? null : timestampValue);
                    String chat = row.get("chat_jid").toString();
                    Object senderValue = row.get("sender");
                    batch.bind("id", row.get("id").toString())
                            .bind("chat", chat)
                            .bind("sender", senderValue == null || senderValue.toString().isBlank()
                                    ? chat : senderValue.toString())
                            .bind("content", row.get("content") == null ? "" : row.get("content").toString())
                            .bind("timestamp", timestamp.orElse(0L))
                            .bind("fromMe", truthy(row.get("from_me")) ? 1 : 0)
                            .bind("type", row.get("type") == null ? "text" : row.get("type").toString())
                            .bind("raw", rawProto)
                            .bind("now", now)
                            .add();
                    copied[0]++;
                    if (batch.size() >= 1000) {
                        batch.execute();
                    }
                });
        if (batch.size() > 0) {
            batch.execute();
        }
        return copied[0];
    }

    private String raw(Object legacyRaw, Object unreadableTimestamp) {
        if (unreadableTimestamp == null) {
            return legacyRaw == null || !isJson(legacyRaw.toString()) ? null : legacyRaw.toString();
        }
        return handle.createQuery("SELECT json_object('legacy_timestamp', :value)")
                .bind("value", unreadableTimestamp.toString()).mapTo(String.class).one();
    }

    private boolean isJson(String text) {
        return handle.createQuery("SELECT json_valid(:text)").bind("text", text).mapTo(Integer.class).one() == 1;
    }

    private static boolean truthy(Object value) {
        if (value instanceof Number number) {
            return number.intValue() != 0;
        }
        return value != null && (value.toString().equalsIgnoreCase("true") || value.toString().equals("1"));
    }

    private void refreshChatCounts() {
        handle.execute("UPDATE chats SET message_count = (SELECT count(*) FROM messages m WHERE m.chat_jid = chats.chat_jid), "
                + "last_activity = (SELECT max(timestamp) FROM messages m WHERE m.chat_jid = chats.chat_jid)");
    }

    private void copyStatus(boolean hasStatus) {
        if (!hasStatus) {
            return;
        }
        Set<String> columns = columns(handle, "legacy_sync_status");
        List<Map<String, Object>> rows = handle.createQuery("SELECT * FROM legacy_sync_status ORDER BY id LIMIT 1")
                .mapToMap().list();
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Object> row = rows.get(0);
        long synced = columns.contains("messages_synced") && row.get("messages_synced") instanceof Number n
                ? Math.max(0, n.longValue()) : 0;
        Long lastSync = columns.contains("last_sync_time")
                ? boxed(LegacyTimestamps.toEpochMillis(row.get("last_sync_time"))) : null;
        Integer progress = columns.contains("progress_percent") && row.get("progress_percent") instanceof Number n
                ? Math.max(0, Math.min(100, n.intValue())) : null;
        boolean latest = columns.contains("is_latest") && truthy(row.get("is_latest"));
        // Nothing can be syncing while the file is being adopted.
        handle.createUpdate("UPDATE sync_status SET is_syncing = 0, messages_synced = :synced, last_sync_time = :last, "
                        + "progress_percent = :progress, is_latest = :latest WHERE id = 1")
                .bind("synced", synced).bind("last", lastSync).bind("progress", progress)
                .bind("latest", latest ? 1 : 0).execute();
    }

    private void copyCheckpoints() {
        Set<String> columns = columns(handle, "legacy_sync_checkpoints");
        if (!columns.contains("chat_jid") || !columns.contains("status")) {
            return;
        }
        List<Map<String, Object>> rows = handle.createQuery("SELECT * FROM legacy_sync_checkpoints").mapToMap().list();
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> row : rows) {
            String chat = String.valueOf(row.get("chat_jid"));
            SyncState state = SyncState.fromWireName(String.valueOf(row.get("status")));
            if (!seen.add(chat) || state == null) {
                continue;
            }
            insertChat(chat, titleOf(chat));
            Object cursor = row.get("last_message_id");
            boolean cursorHeld = cursor != null && handle.createQuery(
                            "SELECT count(*) FROM messages WHERE chat_jid = :chat AND id = :id")
                    .bind("chat", chat).bind("id", cursor.toString()).mapTo(Integer.class).one() > 0;
            Long cursorTime = cursorHeld ? boxed(LegacyTimestamps.toEpochMillis(row.get("last_timestamp"))) : null;
            boolean keepCursor = cursorHeld && cursorTime != null;
            // A sync that was running when the old bridge stopped is interrupted now, and resumable.
            SyncState adopted = state == SyncState.IN_PROGRESS ? SyncState.INTERRUPTED : state;
            Long completedAt = adopted == SyncState.COMPLETED
                    ? orNow(columns.contains("completed_at") ? row.get("completed_at") : null) : null;
            handle.createUpdate("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, messages_synced, last_message_id, "
                            + "last_timestamp, error_message, stop_reason, created_at, updated_at, completed_at) VALUES "
                            + "(:chat, :chat, :status, :synced, :cursor, :cursorTime, :error, :reason, :now, :now, :completed)")
                    .bind("chat", chat)
                    .bind("status", adopted.wireName())
                    .bind("synced", row.get("messages_synced") instanceof Number n ? Math.max(0, n.longValue()) : 0L)
                    .bind("cursor", keepCursor ? cursor.toString() : null)
                    .bind("cursorTime", keepCursor ? cursorTime : null)
                    .bind("error", columns.contains("error_message") && row.get("error_message") != null
                            ? row.get("error_message").toString() : null)
                    .bind("reason", state == SyncState.IN_PROGRESS ? StopReason.CRASHED.wireName() : null)
                    .bind("now", now)
                    .bind("completed", completedAt)
                    .execute();
        }
    }

    private long orNow(Object value) {
        return LegacyTimestamps.toEpochMillis(value).orElse(now);
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static boolean tableExists(Handle handle, String table) {
        return handle.createQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name")
                .bind("name", table).mapTo(Integer.class).one() > 0;
    }

    private static Set<String> columns(Handle handle, String table) {
        return Set.copyOf(handle.createQuery("SELECT name FROM pragma_table_info(:table)")
                .bind("table", table).mapTo(String.class).list());
    }
}

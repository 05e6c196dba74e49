package dev.chatarchive.host.store;

import dev.chatarchive.host.checkpoint.SyncState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Adopts a baileys-bridge database (the seed's "Migration Considerations"): the file becomes a
 * chat-archive archive at schema version 1, keeping every message.
 *
 * <p>Such a file has a {@code messages} table without {@code message_type}/{@code raw_proto}, a
 * {@code sync_status} singleton, and often a {@code chats} table and a {@code sync_checkpoints}
 * table of its own shape.
 *
 * <p><b>Never half done.</b> The work happens on a copy ({@link #adoptByCopy}): the file is copied
 * beside itself ({@code VACUUM INTO}, from a read-only connection that leaves no side files), the
 * copy is converted and flushed to disk, and only then does it replace the original in one atomic
 * rename. Refused, failed, out of disk space or killed at any moment, the original is exactly as it
 * was; a copy left over by a killed run is deleted by the next one.
 *
 * <p><b>The conversion</b> ({@link #adopt}, inside one transaction on the copy): the old tables are
 * renamed aside, the version-1 schema is created, and every old message that meets the seed's rules
 * is copied (its timestamp converted to epoch milliseconds). A row that breaks them (no id or chat
 * id, a chat id that is not a WhatsApp chat JID, a timestamp that cannot be read or lies outside
 * 2010 .. now + 24 h, a second row with the same chat and id) is not dropped: it is set aside, as it
 * was, in the table {@value #QUARANTINE} with the reason, and counted in the {@link AdoptionReport}.
 * Chats come from the old chat table and from every valid chat id the messages name, the global
 * status and any checkpoints are carried over, and the old tables are dropped once every row is
 * accounted for (kept or set aside).
 */
final class LegacyBridgeAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyBridgeAdoption.class);
    private static final String PROVIDER = "whatsapp";
    private static final List<String> LEGACY_TABLES = List.of("messages", "chats", "sync_status", "sync_checkpoints");
    /** Where adopted rows that break the seed's rules are kept, unchanged, with the reason. */
    static final String QUARANTINE = "legacy_quarantine";

    private final Handle handle;
    private final long now;
    private final AdoptionReport.Builder report = new AdoptionReport.Builder();

    LegacyBridgeAdoption(Handle handle, Clock clock) {
        this.handle = handle;
        this.now = clock.millis();
    }

    /** The copy an adoption works on, beside the file: deleted when left over by a killed run. */
    static Path workFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".adopting");
    }

    /** Deletes a copy a killed adoption left beside {@code file} (the caller holds the archive's lock). */
    static void removeLeftovers(Path file) {
        Path work = workFileOf(file);
        for (Path leftover : List.of(work, Path.of(work + "-journal"), Path.of(work + "-wal"), Path.of(work + "-shm"))) {
            try {
                if (Files.deleteIfExists(leftover)) {
                    LOG.info("Removed {}, left over by an adoption that did not finish", leftover);
                }
            } catch (IOException e) {
                LOG.warn("Cannot remove {}, left over by an adoption that did not finish", leftover, e);
            }
        }
    }

    /**
     * Adopts the baileys-bridge database {@code file} on a copy and puts the copy in its place. The
     * caller holds the archive's lock.
     *
     * @throws ArchiveException when it cannot be done; {@code file} is then exactly as it was
     */
    static AdoptionReport adoptByCopy(Path file, Clock clock) {
        refuseUnfinishedWrites(file);
        removeLeftovers(file);
        Path work = workFileOf(file);
        long started = System.nanoTime();
        try {
            copy(file, work);
            AdoptionReport report = convert(work, clock);
            keepPermissions(file, work);
            force(work);
            Files.move(work, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(file.toAbsolutePath().getParent());
            LOG.info("Adopted the baileys-bridge database {} in {} ms: {}", file,
                    (System.nanoTime() - started) / 1_000_000, report.sentence(file));
            return report;
        } catch (IOException | RuntimeException e) {
            removeLeftovers(file);
            throw refused(file, work, e);
        }
    }

    private static void refuseUnfinishedWrites(Path file) {
        for (String suffix : List.of("-wal", "-journal")) {
            Path side = Path.of(file + suffix);
            if (sizeOf(side) > 0) {
                throw new ArchiveException(file + " is a baileys-bridge database with unfinished writes in " + side
                        + " (the bridge may still be running, or it stopped without closing the file). Stop the bridge, "
                        + "let SQLite finish them with: sqlite3 '" + file + "' 'PRAGMA wal_checkpoint(TRUNCATE)', "
                        + "then try again. The file was not changed.");
            }
        }
    }

    private static void copy(Path file, Path work) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toUri() + "?immutable=1");
        Jdbi.create(source).useHandle(handle -> handle.createUpdate("VACUUM INTO :work")
                .bind("work", work.toString()).execute());
    }

    private static AdoptionReport convert(Path work, Clock clock) {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        SQLiteDataSource target = new SQLiteDataSource(config);
        target.setUrl("jdbc:sqlite:" + work);
        return Jdbi.create(target).withHandle(handle -> handle.inTransaction(tx -> {
            AdoptionReport report = new LegacyBridgeAdoption(tx, clock).adopt();
            tx.execute("PRAGMA user_version = 1");
            return report;
        }));
    }

    private static void keepPermissions(Path file, Path work) {
        try {
            Files.setPosixFilePermissions(work, Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Cannot copy the permissions of {}", file, e);
        }
    }

    /** Flushes a file or folder to the disk, so the rename that follows never exposes a half-written copy. */
    private static void force(Path path) throws IOException {
        if (path == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw e;
            }
            // Some systems cannot open a folder to flush it; the rename is then as safe as they make it.
        }
    }

    private static ArchiveException refused(Path file, Path work, Throwable failure) {
        if (ArchiveErrors.isDiskFull(failure)) {
            String disk = ArchiveErrors.describeDisk(file);
            return new DiskFullException(file, disk, "The disk is full: adopting the baileys-bridge database " + file
                    + " needs room for a converted copy beside it (about " + ArchiveErrors.bytes(sizeOf(file) * 2)
                    + "), and " + disk + " has not enough. Free some space there, then try again. The file was not changed.",
                    failure);
        }
        if (failure instanceof ArchiveException archive) {
            return new ArchiveException(archive.getMessage().endsWith("The file was not changed.") ? archive.getMessage()
                    : archive.getMessage() + " The file was not changed.", failure);
        }
        return new ArchiveException("Cannot adopt the baileys-bridge database " + file + ": " + rootMessage(failure)
                + ". The file was not changed; the log file has the details.", failure);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the file is an unversioned database with a baileys-bridge {@code messages} table. */
    static boolean isLegacyBridge(Handle handle) {
        if (Migrations.userVersion(handle) != 0 || !tableExists(handle, "messages")) {
            return false;
        }
        Set<String> columns = columns(handle, "messages");
        return columns.containsAll(Set.of("id", "chat_jid", "content", "timestamp"));
    }

    /** Converts the database {@link #handle} is on; the caller runs it in one transaction. */
    AdoptionReport adopt() {
        List<String> present = LEGACY_TABLES.stream().filter(table -> tableExists(handle, table)).toList();
        for (String table : present) {
            dropIndexesAndTriggers(table);
        }
        for (String table : present) {
            handle.execute("ALTER TABLE " + table + " RENAME TO legacy_" + table);
        }
        Migrations.schemaV1().executeIn(handle);
        handle.execute("CREATE TABLE " + QUARANTINE + " (row_id INTEGER PRIMARY KEY, reason TEXT NOT NULL, id, chat_jid, "
                + "sender, content, timestamp, is_from_me, message_type, raw_proto, quarantined_at INTEGER NOT NULL)");
        copyChats(present.contains("chats"));
        int copied = copyMessages();
        refreshChatCounts();
        copyStatus(present.contains("sync_status"));
        if (present.contains("sync_checkpoints")) {
            copyCheckpoints();
        }
        int legacyCount = handle.createQuery("SELECT count(*) FROM legacy_messages").mapTo(Integer.class).one();
        int quarantined = handle.createQuery("SELECT count(*) FROM " + QUARANTINE).mapTo(Integer.class).one();
        if (copied + quarantined != legacyCount) {
            throw new ArchiveException("Adopting the baileys-bridge database would account for " + (copied + quarantined)
                    + " of its " + legacyCount + " messages, so nothing was changed. Please report this with the file's schema.");
        }
        if (quarantined == 0) {
            handle.execute("DROP TABLE " + QUARANTINE);
        }
        for (String table : List.of("sync_checkpoints", "messages", "chats", "sync_status")) {
            if (present.contains(table)) {
                handle.execute("DROP TABLE legacy_" + table);
            }
        }
        report.kept(copied);
        return report.build();
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
                if (jidProblem(jid) != null) {
                    report.chatSkipped();
                    LOG.warn("Adoption: chat {} of the old chat table is not a WhatsApp chat JID; not adopted", jid);
                    continue;
                }
                Object name = chat.get("name");
                insertChat(jid, name == null || name.toString().isBlank() ? titleOf(jid) : name.toString());
            }
        }
        List<String> jids = handle.createQuery("SELECT DISTINCT chat_jid FROM legacy_messages WHERE chat_jid IS NOT NULL")
                .mapTo(String.class).list();
        for (String jid : jids) {
            if (jidProblem(jid) == null) {
                insertChat(jid, titleOf(jid));
            }
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

    /**
     * The seed's chat-id rule for WhatsApp: a user part of letters, digits and {@code .:_-}, then
     * {@code @s.whatsapp.net} (a person) or {@code @g.us} (a group). Why {@code jid} breaks it, or null.
     */
    static String jidProblem(String jid) {
        if (jid == null || jid.isBlank()) {
            return "no chat id";
        }
        int at = jid.indexOf('@');
        String server = at > 0 ? jid.substring(at) : "";
        if (!server.equals("@s.whatsapp.net") && !server.equals("@g.us")) {
            return "chat id not a WhatsApp chat JID (@s.whatsapp.net or @g.us)";
        }
        if (!jid.substring(0, at).matches("[0-9A-Za-z.:_-]+")) {
            return "chat id not a WhatsApp chat JID (@s.whatsapp.net or @g.us)";
        }
        return null;
    }

    private int copyMessages() {
        Set<String> columns = columns(handle, "legacy_messages");
        String sender = columns.contains("sender") ? "sender" : "NULL";
        String fromMe = columns.contains("is_from_me") ? "is_from_me" : "0";
        String type = columns.contains("message_type") ? "message_type" : "NULL";
        String raw = columns.contains("raw_proto") ? "raw_proto" : "NULL";
        int[] copied = {0};
        Set<String> seen = new HashSet<>();
        PreparedBatch batch = handle.prepareBatch("INSERT INTO messages (id, chat_jid, sender, content, timestamp, "
                + "is_from_me, message_type, raw_proto, created_at) VALUES (:id, :chat, :sender, :content, :timestamp, "
                + ":fromMe, :type, :raw, :now)");
        PreparedBatch quarantine = handle.prepareBatch("INSERT INTO " + QUARANTINE + " (reason, id, chat_jid, sender, content, "
                + "timestamp, is_from_me, message_type, raw_proto, quarantined_at) VALUES (:reason, :id, :chat, :sender, "
                + ":content, :timestamp, :fromMe, :type, :raw, :now)");
        handle.createQuery("SELECT id, chat_jid, " + sender + " AS sender, content, timestamp, " + fromMe
                        + " AS from_me, " + type + " AS type, " + raw + " AS raw FROM legacy_messages ORDER BY rowid")
                .mapToMap()
                .forEach(row -> {
                    Object timestampValue = row.get("timestamp");
                    OptionalLong timestamp = LegacyTimestamps.toEpochMillis(timestampValue);
                    Object idValue = row.get("id");
                    Object chatValue = row.get("chat_jid");
                    String reason = problem(idValue, chatValue, timestampValue, timestamp, seen);
                    if (reason != null) {
                        quarantine.bind("reason", reason).bind("id", idValue).bind("chat", chatValue)
                                .bind("sender", row.get("sender")).bind("content", row.get("content"))
                                .bind("timestamp", timestampValue).bind("fromMe", row.get("from_me"))
                                .bind("type", row.get("type")).bind("raw", row.get("raw")).bind("now", now).add();
                        report.setAside(reason);
                        if (quarantine.size() >= 1000) {
                            quarantine.execute();
                        }
                        return;
                    }
                    String chat = chatValue.toString();
                    Object senderValue = row.get("sender");
                    batch.bind("id", idValue.toString())
                            .bind("chat", chat)
                            .bind("sender", senderValue == null || senderValue.toString().isBlank()
                                    ? chat : senderValue.toString())
                            .bind("content", row.get("content") == null ? "" : row.get("content").toString())
                            .bind("timestamp", timestamp.getAsLong())
                            .bind("fromMe", truthy(row.get("from_me")) ? 1 : 0)
                            .bind("type", row.get("type") == null ? "text" : row.get("type").toString())
                            .bind("raw", raw(row.get("raw")))
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
        if (quarantine.size() > 0) {
            quarantine.execute();
        }
        return copied[0];
    }

    /** Why a legacy row cannot become a message (the seed's rules), or null when it can. */
    private String problem(Object id, Object chat, Object timestampValue, OptionalLong timestamp, Set<String> seen) {
        if (id == null || id.toString().isBlank()) {
            return "no message id";
        }
        String jidProblem = jidProblem(chat == null ? null : chat.toString());
        if (jidProblem != null) {
            return jidProblem;
        }
        if (timestamp.isEmpty()) {
            return timestampValue == null ? "no timestamp" : "timestamp cannot be read";
        }
        Instant instant = Instant.ofEpochMilli(timestamp.getAsLong());
        if (instant.isBefore(MessageRules.EARLIEST)) {
            return "timestamp before 2010";
        }
        if (instant.isAfter(Instant.ofEpochMilli(now).plus(MessageRules.CLOCK_SKEW))) {
            return "timestamp in the future";
        }
        if (!seen.add(chat + "\u0000" + id)) {
            return "second row with the same chat and message id";
        }
        return null;
    }

    private String raw(Object legacyRaw) {
        return legacyRaw == null || !isJson(legacyRaw.toString()) ? null : legacyRaw.toString();
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
            if (!seen.add(chat) || state == null || jidProblem(chat) != null) {
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

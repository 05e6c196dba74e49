package dev.chatarchive.host.store;

import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.progress.WorkProgress;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
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
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Adopts a baileys-bridge database (the seed's "Migration Considerations"): the file becomes a
 * chat-archive archive at the current schema version, keeping every message.
 *
 * <p>Such a file has a {@code messages} table without {@code message_type}/{@code raw_proto}, a
 * {@code sync_status} singleton, and often a {@code chats} table and a {@code sync_checkpoints}
 * table of its own shape.
 *
 * <p><b>Never half done.</b> The work happens on a new file beside it ({@link #adoptByCopy}): the
 * bridge file is attached read-only and immutable (so nothing, not even a side file, is written to
 * it), the archive is built in the new file and flushed to disk, and only then does it replace the
 * original in one atomic rename. Refused, failed, out of disk space or killed at any moment, the
 * original is exactly as it was; a new file left over by a killed run is deleted by the next one.
 *
 * <p><b>The conversion</b> ({@link #adopt}, inside one transaction on the new file): the old tables
 * are read through views named {@code legacy_*}, the current schema's tables are created, and every
 * old message that meets the seed's rules is copied (its timestamp converted to epoch milliseconds),
 * inside SQLite ({@link #copyMessages}). A row that breaks them (no id or chat id, a chat id that is
 * not a WhatsApp chat JID, a timestamp that cannot be read or lies outside 2010 .. now + 27 h, a
 * second row with the same chat and id) is not dropped: it is set aside, as it was, in the table
 * {@value #QUARANTINE} with the reason, and counted in the {@link AdoptionReport}. Chats come from
 * the old chat table and from every valid chat id the messages name, the global status and any
 * checkpoints are carried over, and the work is kept only once every row is accounted for (kept or
 * set aside).
 */
final class LegacyBridgeAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyBridgeAdoption.class);
    private static final String PROVIDER = "whatsapp";
    private static final List<String> LEGACY_TABLES = List.of("messages", "chats", "sync_status", "sync_checkpoints");
    /** Where adopted rows that break the seed's rules are kept, unchanged, with the reason. */
    static final String QUARANTINE = "legacy_quarantine";


    private final Handle handle;
    private final Clock clock;
    private final long now;
    private final Steps progress;
    private final AdoptionReport.Builder report = new AdoptionReport.Builder();

    LegacyBridgeAdoption(Handle handle, Clock clock, Steps progress) {
        this.handle = handle;
        this.clock = clock;
        this.now = clock.millis();
        this.progress = progress;
    }

    /** How far the adoption has got, step by step: {@code done} of {@code total} (or -1) units of the step. */
    @FunctionalInterface
    interface Steps {
        void onProgress(long done, long total, String step);

        /**
         * The steps as {@link WorkProgress} of the operation "Adopting FILE" of chat-archive; the time
         * each step took goes to the log.
         */
        static Steps of(Path file, ProgressListener listener) {
            String operation = "Adopting " + file.getFileName();
            String[] current = {null};
            Thread worker = Thread.currentThread(); // the copy's watcher reports too: its time is not the step's
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] startedAt = {System.nanoTime(), threads.getCurrentThreadCpuTime()};
            return (done, total, step) -> {
                if (!step.equals(current[0]) && Thread.currentThread() == worker) {
                    long now = System.nanoTime();
                    long cpu = threads.getCurrentThreadCpuTime();
                    if (current[0] != null) {
                        LOG.info("Adoption of {}: {} took {} ms ({} ms of CPU)", file, current[0],
                                (now - startedAt[0]) / 1_000_000, (cpu - startedAt[1]) / 1_000_000);
                    }
                    current[0] = step;
                    startedAt[0] = now;
                    startedAt[1] = cpu;
                }
                listener.onProgress(new WorkProgress(WorkProgress.HOST, operation, step, done, total));
            };
        }
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
    static AdoptionReport adoptByCopy(Path file, Clock clock, ProgressListener listener) {
        refuseUnfinishedWrites(file);
        removeLeftovers(file);
        Path work = workFileOf(file);
        long started = System.nanoTime();
        Steps progress = Steps.of(file, listener);
        try {
            AdoptionReport report = convert(file, work, clock, progress);
            progress.onProgress(0, -1, "writing the archive to disk");
            keepPermissions(file, work);
            force(work);
            Files.move(work, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(file.toAbsolutePath().getParent());
            progress.onProgress(1, 1, "done");
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

    private static AdoptionReport convert(Path file, Path work, Clock clock, Steps progress) {
        SQLiteConfig config = new SQLiteConfig();
        // Foreign keys are checked once, before the work is kept (PRAGMA foreign_key_check in #adopt), not row
        // by row: the copy builds the (chat, id) key that sync_checkpoints refers to after the rows are in, and
        // SQLite refuses an INSERT ... SELECT into a table whose referenced key has no index while they are on.
        config.enforceForeignKeys(false);
        // The copy is thrown away unless the conversion ends: its rollback journal can stay in memory, and
        // the copy is flushed to disk once, before it takes the file's place.
        config.setJournalMode(SQLiteConfig.JournalMode.MEMORY);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-65_536);
        SQLiteDataSource target = new SQLiteDataSource(config);
        target.setUrl("jdbc:sqlite:" + work);
        return Jdbi.create(target).withHandle(handle -> {
            // The bridge file is only read, through an immutable read-only connection that leaves no side files.
            handle.createUpdate("ATTACH DATABASE :file AS legacy")
                    .bind("file", file.toAbsolutePath().toUri() + "?mode=ro&immutable=1").execute();
            AdoptionReport adopted = handle.inTransaction(tx -> {
    AdoptionReport report = new LegacyBridgeAdoption(tx, clock, progress).adopt();
                tx.execute("PRAGMA user_version = " + Migrations.LATEST);
                return report;
            });
            handle.execute("DETACH DATABASE legacy");
            return adopted;
        });
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
        // The bridge's tables, attached read-only as schema "legacy", under the names the conversion reads.
        List<String> present = LEGACY_TABLES.stream().filter(table -> handle.createQuery(
                        "SELECT count(*) FROM legacy.sqlite_master WHERE type = 'table' AND name = :name")
                .bind("name", table).mapTo(Integer.class).one() > 0).toList();
        for (String table : present) {
            handle.execute("CREATE TEMP VIEW legacy_" + table + " AS SELECT "
                    + (table.equals("messages") ? "rowid AS rowid, " : "") + "* FROM legacy." + table);
        }
        Migrations.createLatestIn(handle, clock);
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
        List<Map<String, Object>> broken = handle.createQuery("SELECT * FROM pragma_foreign_key_check LIMIT 5")
                .mapToMap().list();
        if (!broken.isEmpty()) {
            throw new ArchiveException("Adopting the baileys-bridge database would leave rows that refer to nothing ("
                    + broken + "), so nothing was changed. Please report this with the file's schema.");
        }
        if (quarantined == 0) {
            handle.execute("DROP TABLE " + QUARANTINE);
        }
        for (String table : List.of("sync_checkpoints", "messages", "chats", "sync_status")) {
            if (present.contains(table)) {
                handle.execute("DROP VIEW temp.legacy_" + table);
            }
        }
        report.kept(copied);
        return report.build();
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

    /**
     * Copies the old messages that meet the seed's rules and sets the others aside, inside SQLite: one
     * statement per slice of rows rather than a round trip per row, with the archive's secondary index
     * and its full-text trigger off while the rows go in (both are built once at the end, from the rows
     * as they are). The rules are written in SQL where SQL can say them exactly; what it cannot (a
     * timestamp in another text form, why a row breaks a rule) is asked of {@link LegacyTimestamps} and
     * {@link #problem} through functions registered on this connection, only for the rows that need it.
     * Rows are taken in the old file's order, so of two rows with the same chat and id the first is kept.
     */
    private int copyMessages() {
        Set<String> columns = columns(handle, "legacy_messages");
        String sender = columns.contains("sender") ? "l.sender" : "NULL";
        String fromMe = columns.contains("is_from_me") ? "l.is_from_me" : "0";
        String type = columns.contains("message_type") ? "l.message_type" : "NULL";
        String raw = columns.contains("raw_proto") ? "l.raw_proto" : "NULL";
        registerRuleFunctions();
        // Built once at the end, from all the rows, rather than row by row: the messages' indexes, and the
        // triggers that give a row without one its search key and log deletes for the search index (the copy
        // gives every row its key, and deletes second rows of a chat and id: the search file of an adopted
        // archive is built from its rows by SearchIndex, so those deletes are nothing it must undo).
        String built = "tbl_name = 'message_rows' AND sql IS NOT NULL AND (type = 'index' "
                + "OR type = 'trigger' AND name IN ('message_rows_search_key_insert', 'search_changes_delete'))";
        String uniqueKey = handle.createQuery("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name")
                .bind("name", UNIQUE_KEY).mapTo(String.class).one();
        List<String> deferred = handle.createQuery("SELECT sql FROM sqlite_master WHERE " + built
                + " AND name <> :name ORDER BY type = 'trigger', name").bind("name", UNIQUE_KEY).mapTo(String.class).list();
        for (String name : handle.createQuery("SELECT type || ' ' || name FROM sqlite_master WHERE " + built)
                .mapTo(String.class).list()) {
            handle.execute("DROP " + name);
        }
        handle.execute("CREATE TEMP TABLE adopt_plan (src INTEGER PRIMARY KEY, ms INTEGER, reason TEXT)");
        long total = handle.createQuery("SELECT count(*) FROM legacy_messages").mapTo(Long.class).one();
        List<long[]> slices = slices();
        // One pass over the old rows: each row's time, then its reason when it is not an ordinary row. The inner
        // query has an OFFSET so that SQLite runs it as it is (a time computed once per row) rather than
        // copying the time's expression into every place the outer query names it.
        String judged = "INSERT INTO adopt_plan (src, ms, reason) SELECT l.src, l.ms, CASE WHEN coalesce((" + ORDINARY
                + "), 0) THEN NULL ELSE " + REASON + " END FROM (SELECT rowid AS src, " + MILLIS + " AS ms, id, chat_jid, "
                + "timestamp FROM legacy_messages WHERE rowid BETWEEN :from AND :to LIMIT -1 OFFSET 0) AS l";
        long done = 0;
        String checking = "checking messages against the archive's rules";
        progress.onProgress(done, total, checking);
        for (long[] slice : slices) {
            handle.createUpdate(judged).bind("from", slice[0]).bind("to", slice[1])
                    .bind("earliest", MessageRules.EARLIEST.toEpochMilli())
                    .bind("latest", now + MessageRules.CLOCK_SKEW.toMillis()).execute();
            done += slice[2];
            progress.onProgress(Math.min(done, total), total, checking);
        }
        // Each message's search key, as the insert trigger would have given it one by one (schema version 3,
        // docs/schema.md "Search keys": time * 1024 + its rank among the messages of its millisecond). A second
        // row of a chat and id, which the copy skips, keeps its rank: the keys stay unique and in time order.
        handle.execute("CREATE TEMP TABLE adopt_keys (src INTEGER PRIMARY KEY, search_key INTEGER)");
        handle.execute("INSERT INTO adopt_keys (src, search_key) SELECT src, CASE "
                + "WHEN ms <= 0 OR ms >= 8796093022208 OR slot >= 1024 THEN -4611686018427387904 + src "
                + "ELSE ms * 1024 + slot END FROM (SELECT src, ms, row_number() OVER (PARTITION BY ms ORDER BY src) - 1 "
                + "AS slot FROM adopt_plan WHERE reason IS NULL)");
        String copy = "INSERT INTO message_rows (row_id, id, chat_key, sender, content, timestamp, is_from_me, message_type, "
                + "raw_proto, created_at, search_key) SELECT l.rowid, CAST(l.id AS TEXT), c.chat_key, "
                + "CASE WHEN " + sender + " IS NULL THEN l.chat_jid WHEN CAST(" + sender + " AS TEXT) GLOB '*[!-~]*' "
                + "THEN CAST(" + sender + " AS TEXT) WHEN legacy_blank(" + sender + ") THEN l.chat_jid "
                + "ELSE CAST(" + sender + " AS TEXT) END, "
                + "coalesce(CAST(l.content AS TEXT), ''), p.ms, " + truthySql(fromMe) + ", "
                + "coalesce(CAST(" + type + " AS TEXT), 'text'), "
                + "CASE WHEN typeof(" + raw + ") IN ('text', 'integer', 'real') AND json_valid(CAST(" + raw + " AS TEXT)) "
                + "THEN CAST(" + raw + " AS TEXT) END, :now, k.search_key "
                + "FROM adopt_plan p JOIN adopt_keys k ON k.src = p.src JOIN legacy_messages l ON l.rowid = p.src "
                + "JOIN chats c ON c.chat_jid = l.chat_jid "
                + "WHERE p.src BETWEEN :from AND :to ORDER BY p.src";
        done = 0;
        progress.onProgress(done, total, "copying messages");
        for (long[] slice : slices) {
            handle.createUpdate(copy).bind("from", slice[0]).bind("to", slice[1]).bind("now", now).execute();
            done += slice[2];
            progress.onProgress(Math.min(done, total), total, "copying messages");
        }
        keyMessages(uniqueKey);
        // Rows the rules refused, and second rows of a chat and id (the ones the copy did not take), as they were.
        progress.onProgress(0, -1, "setting aside the rows that break the rules");
        handle.createUpdate("INSERT INTO " + QUARANTINE + " (reason, id, chat_jid, sender, content, timestamp, is_from_me, "
                        + "message_type, raw_proto, quarantined_at) SELECT coalesce(p.reason, :duplicate), l.id, l.chat_jid, "
                        + sender + ", l.content, l.timestamp, " + fromMe + ", " + type + ", " + raw + ", :now "
                        + "FROM adopt_plan p JOIN legacy_messages l ON l.rowid = p.src "
                        + "WHERE p.reason IS NOT NULL OR NOT EXISTS (SELECT 1 FROM message_rows m WHERE m.row_id = p.src) "
                        + "ORDER BY p.src")
                .bind("duplicate", DUPLICATE).bind("now", now).execute();
        handle.createQuery("SELECT reason, count(*) AS rows FROM " + QUARANTINE + " GROUP BY reason")
                .mapToMap().forEach(row -> report.setAside((String) row.get("reason"), ((Number) row.get("rows")).longValue()));
        handle.execute("DROP TABLE temp.adopt_plan");
        handle.execute("DROP TABLE temp.adopt_keys");
        progress.onProgress(0, 1, "indexing messages");
        for (String sql : deferred) {
            handle.execute(sql);
        }
        progress.onProgress(1, 1, "indexing messages");
        return handle.createQuery("SELECT count(*) FROM message_rows").mapTo(Integer.class).one();
    }

    /**
     * Builds the archive's unique (chat, id) key on the copied rows, in one sort rather than row by row.
     * When the old file holds two rows of a chat and id that both meet the rules (the index cannot be
     * built), the second ones (by the old file's order: the first row is kept, as the seed's unique key
     * would have kept it) are taken out first; the set-aside step then keeps them as they were.
     */
    private void keyMessages(String uniqueKey) {
        handle.execute("SAVEPOINT adopt_unique_key");
        try {
            handle.execute(uniqueKey);
        } catch (UnableToExecuteStatementException e) {
            if (!(e.getCause() instanceof SQLiteException sqlite)
                    || sqlite.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                throw e;
            }
            handle.execute("ROLLBACK TO adopt_unique_key");
            int second = handle.execute("DELETE FROM message_rows WHERE row_id IN (SELECT row_id FROM (SELECT row_id, "
                    + "row_number() OVER (PARTITION BY chat_key, id ORDER BY row_id) AS n FROM message_rows) WHERE n > 1)");
            LOG.info("Adoption: {} second rows of a chat and message id taken out of the copy", second);
            handle.execute(uniqueKey);
        }
        handle.execute("RELEASE adopt_unique_key");
    }

    /** The archive's unique (chat, id) key of messages, which the copy builds after the rows are in. */
    private static final String UNIQUE_KEY = "idx_messages_chat_msg";

    /**
     * The old table's rows in slices of {@link #ROWS_PER_STEP}, in order: {first rowid, last rowid, rows}
     * (rowids may have gaps of any size).
     */
    private List<long[]> slices() {
        List<long[]> slices = new java.util.ArrayList<>();
        Long from = handle.createQuery("SELECT min(rowid) FROM legacy_messages").mapTo(Long.class).one();
        while (from != null) {
            List<Long> end = handle.createQuery("SELECT rowid FROM legacy_messages WHERE rowid >= :from ORDER BY rowid "
                    + "LIMIT 1 OFFSET " + (ROWS_PER_STEP - 1)).bind("from", from).mapTo(Long.class).list();
            long to = end.isEmpty()
                    ? handle.createQuery("SELECT max(rowid) FROM legacy_messages").mapTo(Long.class).one() : end.get(0);
            long rows = handle.createQuery("SELECT count(*) FROM legacy_messages WHERE rowid BETWEEN :from AND :to")
                    .bind("from", from).bind("to", to).mapTo(Long.class).one();
            slices.add(new long[] {from, to, rows});
            from = end.isEmpty() || to == Long.MAX_VALUE ? null : to + 1;
        }
        return slices;
    }

    /** Rows of the old table taken by one statement (and one progress report). */
    private static final int ROWS_PER_STEP = 50_000;
    private static final String DUPLICATE = "second row with the same chat and message id";

    /**
     * Whether a text {@code timestamp} whose digits are where {@link #MILLIS}'s patterns put them
     * certainly reads back unchanged through SQLite's date functions: a year of 1900 .. 2999, a month
     * 01 .. 12, a day 01 .. 28 (every month has it), hours 00 .. 23, minutes and seconds 00 .. 59. Such a
     * text needs no {@code strftime} round trip (which costs more than the rest of the check); any other
     * one still gets it (a day 29 .. 31 or an hour 24 may roll over into the next month or day). Checked
     * against the round trip for every day of 1900 .. 2999.
     */
    private static final String PLAIN_FIELDS = "(substr(timestamp, 1, 4) BETWEEN '1900' AND '2999' "
            + "AND substr(timestamp, 6, 2) BETWEEN '01' AND '12' AND substr(timestamp, 9, 2) BETWEEN '01' AND '28' "
            + "AND substr(timestamp, 12, 2) <= '23' AND substr(timestamp, 15, 2) <= '59' "
            + "AND substr(timestamp, 18, 2) <= '59')";

    /**
     * A timestamp in epoch milliseconds, as {@link LegacyTimestamps} reads it: SQL does integers and
     * the ISO and SQLite text forms it can check exactly (the text must read back unchanged, so
     * 2024-02-30 is not quietly read as March 1st: {@link #PLAIN_FIELDS}, else a {@code strftime}
     * round trip); anything else goes to {@code legacy_ms}.
     */
    private static final String MILLIS = "CASE "
            + "WHEN typeof(timestamp) = 'integer' THEN CASE WHEN timestamp > -100000000000 AND timestamp < 100000000000 "
            + "THEN timestamp * 1000 ELSE timestamp END "
            + "WHEN typeof(timestamp) = 'text' AND timestamp GLOB "
            + "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z' "
            + "AND (" + PLAIN_FIELDS + " OR strftime('%Y-%m-%dT%H:%M:%fZ', timestamp) = timestamp) "
            + "THEN unixepoch(timestamp) * 1000 + CAST(substr(timestamp, 21, 3) AS INTEGER) "
            + "WHEN typeof(timestamp) = 'text' AND (timestamp GLOB "
            + "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z' "
            + "AND (" + PLAIN_FIELDS + " OR strftime('%Y-%m-%dT%H:%M:%SZ', timestamp) = timestamp) OR timestamp GLOB "
            + "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]' "
            + "AND (" + PLAIN_FIELDS + " OR strftime('%Y-%m-%d %H:%M:%S', timestamp) = timestamp)) "
            + "THEN unixepoch(timestamp) * 1000 "
            + "ELSE legacy_ms(timestamp) END";

    /**
     * Whether a row meets the seed's rules as SQL can tell for the ordinary row (the second-row rule
     * aside, which the copy applies): an id with a visible character, a chat id among the chats adopted
     * (each checked by {@link #jidProblem} once), a readable time in range. Columns of the old row
     * {@code l} ({@code id}, {@code chat_jid}, {@code timestamp}) and its time in milliseconds {@code l.ms}.
     */
    private static final String ORDINARY = "l.id IS NOT NULL AND typeof(l.id) <> 'blob' AND CAST(l.id AS TEXT) GLOB '*[!-~]*' "
            + "AND typeof(l.chat_jid) = 'text' AND l.chat_jid IN (SELECT chat_jid FROM chats) "
            + "AND l.ms IS NOT NULL AND l.ms BETWEEN :earliest AND :latest";

    /** Why a row that is not {@link #ORDINARY} breaks the seed's rules, or NULL, by {@link #problem}. */
    private static final String REASON = "legacy_problem(l.id, l.chat_jid, l.timestamp)";

    /** What {@link #truthy} says of a value, in SQL (a number's int value is not 0; text "true" or "1"). */
    private static String truthySql(String value) {
        return "CASE typeof(" + value + ") WHEN 'integer' THEN (" + value + " & 4294967295) <> 0 "
                + "WHEN 'real' THEN abs(" + value + ") >= 1 "
                + "WHEN 'text' THEN lower(" + value + ") = 'true' OR " + value + " = '1' ELSE 0 END";
    }

    /** The rules SQL cannot say exactly, as functions of the adoption's connection. */
    private void registerRuleFunctions() {
        try {
            Connection connection = handle.getConnection();
            Function.create(connection, "legacy_ms", new RuleFunction() {
                @Override
                protected void xFunc() throws SQLException {
                    OptionalLong millis = LegacyTimestamps.toEpochMillis(argument(0));
                    if (millis.isPresent()) {
                        result(millis.getAsLong());
                    } else {
                        result();
                    }
                }
            }, 1, Function.FLAG_DETERMINISTIC);
            Function.create(connection, "legacy_problem", new RuleFunction() {
                @Override
                protected void xFunc() throws SQLException {
                    Object timestamp = argument(2);
                    String reason = problem(argument(0), argument(1), timestamp,
                            LegacyTimestamps.toEpochMillis(timestamp));
                    if (reason == null) {
                        result();
                    } else {
                        result(reason);
                    }
                }
            }, 3, Function.FLAG_DETERMINISTIC);
            Function.create(connection, "legacy_blank", new RuleFunction() {
                @Override
                protected void xFunc() throws SQLException {
                    Object value = argument(0);
                    result(value == null || value.toString().isBlank() ? 1 : 0);
                }
            }, 1, Function.FLAG_DETERMINISTIC);
        } catch (SQLException e) {
            throw new ArchiveException("Cannot prepare the adoption of the baileys-bridge database: " + e.getMessage(), e);
        }
    }

    /** A function of the adoption's connection, reading its arguments as JDBC would have read them. */
    private abstract static class RuleFunction extends Function {
        /** Argument {@code index} as a Long, Double, String, byte[] or null. */
        Object argument(int index) throws SQLException {
            return switch (value_type(index)) {
                case SQLITE_INTEGER -> value_long(index);
                case SQLITE_FLOAT -> value_double(index);
                case SQLITE_TEXT -> value_text(index);
                case SQLITE_BLOB -> value_blob(index);
                default -> null;
            };
        }
    }

    private static final int SQLITE_INTEGER = 1;
    private static final int SQLITE_FLOAT = 2;
    private static final int SQLITE_TEXT = 3;
    private static final int SQLITE_BLOB = 4;

    /** Why a legacy row cannot become a message (the seed's rules, but for the second-row rule), or null when it can. */
    private String problem(Object id, Object chat, Object timestampValue, OptionalLong timestamp) {
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
        return null;
    }

    private static boolean truthy(Object value) {
        if (value instanceof Number number) {
            return number.intValue() != 0;
        }
        return value != null && (value.toString().equalsIgnoreCase("true") || value.toString().equals("1"));
    }

    private void refreshChatCounts() {
        handle.execute("UPDATE chats SET message_count = (SELECT count(*) FROM message_rows m WHERE m.chat_key = chats.chat_key), "
                + "last_activity = (SELECT max(timestamp) FROM message_rows m WHERE m.chat_key = chats.chat_key)");
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

package dev.chatarchive.host.store;

import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.progress.WorkProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The archive's full-text index, in a file of its own beside it ({@code archive.db.search}), kept current
 * by a thread of its own ({@code search-index}) on a connection of its own (docs/schema.md, "Search index
 * file"). SQLite allows one writer per file: with the index in the archive, every stored message was
 * tokenized and indexed inside the storing transaction, on the storing thread; here the storing thread
 * writes only the row, and this thread indexes it a moment later, beside it.
 *
 * <p>The file is derived data, rebuilt from the archive whenever it is missing, unreadable, of another
 * archive, of a newer format or inconsistent with the archive. It holds the contentless FTS5 table
 * {@code messages_fts} (rowid = the message's {@code search_key}; the text stays in the archive), its
 * vocabulary {@code messages_fts_terms}, and one state row: the archive's identity, {@code indexed_row_id}
 * W (every message row with {@code row_id <= W} is in the index as of the state it had then) and
 * {@code applied_seq} (the last entry of the archive's change log {@code search_changes} applied). The
 * state is written in the same transaction as the index rows it describes, so the file is always
 * consistent, and each step is idempotent (a contentless_delete table deletes or replaces a rowid
 * without its old text).
 *
 * <p>A step: in one short read transaction on the archive (attached read-only to the indexer's connection),
 * the change-log entries after {@code applied_seq}, the current row of each and, when the log is caught up,
 * the next {@link #BATCH_ROWS} rows above W are copied into temporary tables in memory; then, in one
 * transaction on the search file, each entry is applied in order (its old key deleted; the row indexed
 * again with its current key and text when {@code row_id <= W}; a floor lowers W, so that row ids SQLite
 * hands out again after the table's tail was deleted are indexed as new rows), the new rows are inserted in
 * key order, and the state written. The thread runs steps while there is a batch's worth of work; fewer new
 * rows wait up to {@link #BATCH_DELAY_MILLIS} for more, and a caller of {@link #awaitCurrent} has them
 * indexed at once; with the index current it sleeps until a commit ({@link #committed()}). It never takes the archive's write lock for the
 * index; it trims the log entries it applied now and then through the archive's writer. Its errors are
 * logged and tried again later; nothing of them reaches a writer.
 *
 * <p>Thread-safe: {@link #step()} runs on the indexer thread only (or on a test's thread when the thread
 * is not started); the rest may be called from any thread.
 */
public final class SearchIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    /** The search file's format, in its {@code user_version}; a file of a newer format is rebuilt. */
    static final int FORMAT = 1;
    /** Rows indexed per search-file transaction at most (docs/benchmarks.md, "Session 9: index"). */
    static final int BATCH_ROWS = 50_000;
    /**
     * How long new rows fewer than a batch may wait for more before they are indexed anyway: new messages
     * are searchable within about this long while the app runs; a command that waits for the index has
     * them indexed at once.
     */
    static final long BATCH_DELAY_MILLIS = 2_000;
    /** Change-log entries read per step. */
    static final int LOG_ENTRIES = 5_000;
    /** How long the thread sleeps when nothing signals it. */
    private static final long IDLE_MILLIS = 5_000;
    /** How long it waits after a failed step before it tries again. */
    private static final long RETRY_MILLIS = 2_000;
    /** Trim applied log entries once this many have been applied since the last trim (or at idle). */
    private static final long TRIM_ENTRIES = 10_000;
    /** The progress bar's operation while a command waits for the index. */
    public static final String WAITING = "indexing messages for search";

    static final String SCHEMA_SQL = """
            CREATE VIRTUAL TABLE messages_fts USING fts5(content, content = '', contentless_delete = 1,
              tokenize = 'unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab(messages_fts, 'instance');
            CREATE TABLE search_state (
              only           INTEGER PRIMARY KEY CHECK (only = 1),
              archive_id     TEXT    NOT NULL,
              indexed_row_id INTEGER NOT NULL,
              applied_seq    INTEGER NOT NULL,
              complete       INTEGER NOT NULL,
              updated_at     INTEGER NOT NULL
            );
            """;

    /** What the index does not hold yet. */
    record State(String archiveId, long indexedRowId, long appliedSeq, boolean complete) {
    }

    private final Path archiveFile;
    private final Path file;
    /** Held while this reads the archive (a snapshot); the WAL checkpoint's starting over takes it exclusively. */
    private final java.util.concurrent.locks.Lock snapshotGate;
    /** Trims the archive's change log up to a seq (through the archive's writer); null: never. */
    private final LongConsumer trimmer;
    private final int batchRows;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean stopping;
    /** Guarded by signal: a commit or a waiter asked for a step. */
    private boolean woken;
    /** Guarded by signal: the thread sleeps with the index current (a commit wakes it). */
    private boolean idle;
    /** Guarded by signal: the requests made so far, and those the index was found current after. */
    private long requests;
    private long currentAfter;
    /** Guarded by signal: failed steps in a row. */
    private int failuresInRow;
    private String lastFailure;
    /** The state last committed (or read), and the archive's max row id and seq seen by the last step. */
    private volatile State state;
    private volatile long archiveMaxRow;
    private volatile long archiveMaxSeq;
    private volatile boolean closed;
    /** Owned by the stepping thread. */
    private Connection search;
    private Connection archive;
    private long appliedSinceTrim;

    private SearchIndex(Path archiveFile, LongConsumer trimmer, int batchRows, boolean startThread,
                        java.util.concurrent.locks.Lock snapshotGate) {
        this.snapshotGate = snapshotGate;
        this.archiveFile = archiveFile;
        this.file = fileFor(archiveFile);
        this.trimmer = trimmer;
        this.batchRows = batchRows;
        try {
            prepare();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The search index {} could not be opened; it is tried again in the background: {}", file,
                    e.getMessage());
            closeConnections();
        }
        this.thread = new Thread(this::run, "search-index");
        thread.setDaemon(true);
        if (startThread) {
            thread.start();
        }
    }

    /** Opens (making or rebuilding it when needed) the search file of {@code archiveFile} and starts the thread. */
    static SearchIndex start(Path archiveFile, LongConsumer trimmer, java.util.concurrent.locks.Lock snapshotGate) {
        return new SearchIndex(archiveFile, trimmer, BATCH_ROWS, true, snapshotGate);
    }

    /** As {@link #start}, without the thread: the caller runs {@link #step()} (tests). */
    static SearchIndex manual(Path archiveFile, LongConsumer trimmer, int batchRows) {
        return new SearchIndex(archiveFile, trimmer, batchRows, false, new java.util.concurrent.locks.ReentrantLock());
    }

    /** The search file of the archive at {@code archiveFile}: the same name with {@code .search} added. */
    public static Path fileFor(Path archiveFile) {
        return Path.of(archiveFile + ".search");
    }

    Path file() {
        return file;
    }

    // ---- the file -----------------------------------------------------------------------------------

    private static Connection openSearch(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5_000);
        // Deferred: the archive attached to it is only read, and must never be locked for writing.
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(SEARCH_CACHE_SIZE);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** The schema name the archive is attached as, read-only, to the indexer's connection. */
    private static final String ARCHIVE = "archive";
    /** The indexer connection's page cache (KiB when negative): FTS5's segment merges reread recent pages. */
    static final int SEARCH_CACHE_SIZE = -16_384;

    /** Attaches the archive read-only to the indexer's connection, so that one statement moves a batch. */
    private void attachArchive() throws SQLException {
        try (PreparedStatement attach = search.prepareStatement("ATTACH DATABASE ? AS " + ARCHIVE)) {
            attach.setString(1, "file:" + archiveFile.toAbsolutePath().toUri().getRawPath() + "?mode=ro");
            attach.execute();
        }
    }

    /** A read connection on the archive, whose transactions begin deferred (a snapshot, no write lock). */
    private static Connection openArchive(Path archiveFile) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        return config.createConnection("jdbc:sqlite:" + archiveFile);
    }

    /**
     * Opens the search file and the archive reader, checks the file against the archive and makes it anew
     * when it is not this archive's consistent index of a known format (logged, with the reason).
     */
    private void prepare() throws SQLException {
        archive = openArchive(archiveFile);
        String archiveId = archiveIdentity(archive);
        long[] top = archiveTop(archive);
        String unusable;
        try {
            search = openSearch(file);
            unusable = check(search, archiveId, top);
        } catch (SQLException e) {
            unusable = "it cannot be read (" + e.getMessage() + ")";
        }
        if (unusable != null && !unusable.isEmpty()) {
            LOG.warn("Rebuilding the search index {} from the archive: {}", file, unusable);
            closeQuietly(search);
            search = null;
            deleteFile(file);
        }
        if (unusable != null) {
            if (search == null) {
                search = openSearch(file);
            }
            create(search, archiveId, top[1]);
        }
        state = readState(search);
        attachArchive();
        archiveMaxRow = top[0];
        archiveMaxSeq = top[1];
    }

    /**
     * Why the file cannot be used as this archive's index: null when it can, empty when it is new (no
     * tables yet), else the reason.
     */
    private static String check(Connection search, String archiveId, long[] top) throws SQLException {
        int format;
        boolean hasState;
        try (Statement statement = search.createStatement()) {
            try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                format = rs.next() ? rs.getInt(1) : 0;
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN "
                    + "('messages_fts', 'messages_fts_terms', 'search_state')")) {
                hasState = rs.next() && rs.getInt(1) == 3;
            }
            if (format == 0) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    if (rs.next() && rs.getInt(1) == 0) {
                        return "";
                    }
                }
            }
        }
        if (format > FORMAT) {
            return "it is of a newer format (" + format + ")";
        }
        if (format != FORMAT || !hasState) {
            return "it is not a search index of this version";
        }
        State found = readState(search);
        if (found == null) {
            return "it has no state";
        }
        if (!found.archiveId().equals(archiveId)) {
            return "it is the index of another archive";
        }
        if (found.appliedSeq() > top[1]) {
            return "it has applied changes the archive never logged (the archive was replaced by an older copy)";
        }
        if (found.indexedRowId() > top[0] && !floorPending(found, top)) {
            return "it has indexed rows the archive does not hold (the archive was replaced by an older copy)";
        }
        return null;
    }

    /** Whether a lowered W is still to come: a logged tail delete after the applied seq (then W > max is fine). */
    private static boolean floorPending(State found, long[] top) {
        return top[2] > found.appliedSeq();
    }

    private static void create(Connection search, String archiveId, long appliedSeq) throws SQLException {
        search.setAutoCommit(false);
        try (Statement statement = search.createStatement()) {
            for (String sql : SCHEMA_SQL.split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = search.prepareStatement("INSERT INTO search_state (only, archive_id, "
                    + "indexed_row_id, applied_seq, complete, updated_at) VALUES (1, ?, 0, ?, 0, ?)")) {
                insert.setString(1, archiveId);
                insert.setLong(2, appliedSeq);
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
            }
            statement.execute("PRAGMA user_version = " + FORMAT);
            search.commit();
        } catch (SQLException e) {
            search.rollback();
            throw e;
        } finally {
            search.setAutoCommit(true);
        }
    }

    private static State readState(Connection search) throws SQLException {
        try (Statement statement = search.createStatement();
             ResultSet rs = statement.executeQuery("SELECT archive_id, indexed_row_id, applied_seq, complete "
                     + "FROM search_state WHERE only = 1")) {
            return rs.next() ? new State(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4) != 0) : null;
        }
    }

    static String archiveIdentity(Connection archive) throws SQLException {
        try (Statement statement = archive.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id FROM archive_identity WHERE only = 1")) {
            if (!rs.next()) {
                throw new SQLException("the archive has no identity row");
            }
            return rs.getString(1);
        }
    }

    /** The archive's highest row id, highest log seq ever handed out, and highest seq of a logged floor. */
    private static long[] archiveTop(Connection archive) throws SQLException {
        try (Statement statement = archive.createStatement();
             ResultSet rs = statement.executeQuery(TOP_SQL)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    static final String TOP_SQL = "SELECT (SELECT coalesce(max(row_id), 0) FROM message_rows), "
            + "(SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'search_changes'), "
            + "(SELECT coalesce(max(seq), 0) FROM search_changes WHERE floor IS NOT NULL)";

    private static void deleteFile(Path file) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException e) {
                LOG.warn("Could not remove {}{}: {}", file, suffix, e.getMessage());
            }
        }
    }

    // ---- a step -------------------------------------------------------------------------------------

    private record Change(long seq, long rowId, Long oldKey, Long floor) {
    }

    /**
     * Brings the index one step nearer the archive.
     *
     * @return whether there may be more to do at once
     */
    boolean step() throws SQLException {
        return step(true) == Step.WORKED;
    }

    /** What a step came to. */
    enum Step {
        /** It indexed rows or applied changes: there may be more. */
        WORKED,
        /** The index is current. */
        CURRENT,
        /** Fewer new rows than a batch and no change: left for a fuller batch (not eager). */
        DEFERRED
    }

    /**
     * A step; {@code eager}: index whatever there is, else only a full batch of new rows (or changes), so
     * that rows stored in pages during an import are indexed in batches of {@link #BATCH_ROWS} (a batch
     * of 5,000 cost twice the CPU per row of one of 50,000: docs/benchmarks.md, "Session 9: index").
     */
    Step step(boolean eager) throws SQLException {
        try {
            return stepOnce(eager);
        } catch (SQLException | RuntimeException e) {
            // Opened afresh by the next step: a connection left in a failed transaction is never reused.
            closeConnections();
            throw e;
        }
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private Step stepOnce(boolean eager) throws SQLException {
        if (search == null || archive == null) {
            closeConnections();
            prepare();
        }
        State before = state;
        long w = before.indexedRowId();
        long[] top;
        List<Change> log = new ArrayList<>();
        long hi;
        // Phase 1, one short read transaction on the archive (attached read-only: one snapshot): what to apply
        // is copied into temporary tables in memory, so that the archive is not held while FTS5 works (a reader
        // keeps checkpoints from copying past its snapshot and the WAL from starting over).
        snapshotGate.lock();
        try {
            search.setAutoCommit(false);
            try (Statement statement = search.createStatement();
                 ResultSet rs = statement.executeQuery(TOP_SQL.replace("FROM ", "FROM " + ARCHIVE + "."))) {
                rs.next();
                top = new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
            if (top[1] > before.appliedSeq()) {
                try (PreparedStatement read = search.prepareStatement("SELECT seq, row_id, old_key, floor FROM " + ARCHIVE
                        + ".search_changes WHERE seq > ? ORDER BY seq LIMIT ?")) {
                    read.setLong(1, before.appliedSeq());
                    read.setInt(2, LOG_ENTRIES);
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            log.add(new Change(rs.getLong(1), rs.getLong(2), nullable(rs, 3), nullable(rs, 4)));
                        }
                    }
                }
            }
            long from = w;
            for (Change change : log) {
                if (change.floor() != null) {
                    from = Math.min(from, change.floor());
                }
            }
            boolean moreLog = log.size() == LOG_ENTRIES;
            if (!eager && log.isEmpty() && top[0] - w < batchRows) {
                search.rollback();
                return Step.DEFERRED;
            }
            try (Statement statement = search.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS step_rows (row_id INTEGER PRIMARY KEY, search_key INTEGER, "
                        + "content TEXT)");
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS step_batch (search_key INTEGER, content TEXT)");
                statement.execute("DELETE FROM temp.step_rows");
                statement.execute("DELETE FROM temp.step_batch");
            }
            if (!log.isEmpty()) {
                try (PreparedStatement current = search.prepareStatement("INSERT OR IGNORE INTO temp.step_rows "
                        + "SELECT row_id, search_key, content FROM " + ARCHIVE + ".message_rows WHERE row_id = ? "
                        + "AND search_key IS NOT NULL")) {
                    for (Change change : log) {
                        current.setLong(1, change.rowId());
                        current.executeUpdate();
                    }
                }
            }
            hi = from;
            if (!moreLog && top[0] > from) {
                hi = batchEnd(from);
                if (hi > from) {
                    try (PreparedStatement batch = search.prepareStatement("INSERT INTO temp.step_batch SELECT search_key, "
                            + "content FROM " + ARCHIVE + ".message_rows WHERE row_id > ? AND row_id <= ?")) {
                        batch.setLong(1, from);
                        batch.setLong(2, hi);
                        batch.executeUpdate();
                    }
                }
            }
            search.commit();
        } catch (SQLException | RuntimeException e) {
            search.rollback();
            throw e;
        } finally {
            search.setAutoCommit(true);
            snapshotGate.unlock();
        }
        // Phase 2, one transaction on the search file: the changes in order, the new rows in key order, the state.
        long applied = before.appliedSeq();
        boolean newRows = false;
        search.setAutoCommit(false);
        try {
            try (PreparedStatement delete = search.prepareStatement("DELETE FROM messages_fts WHERE rowid = ?");
                 PreparedStatement replace = search.prepareStatement("INSERT OR REPLACE INTO messages_fts (rowid, content) "
                         + "SELECT search_key, content FROM temp.step_rows WHERE row_id = ?")) {
                for (Change change : log) {
                    if (change.oldKey() != null) {
                        delete.setLong(1, change.oldKey());
                        delete.executeUpdate();
                    }
                    if (change.floor() != null) {
                        w = Math.min(w, change.floor());
                    }
                    if (change.rowId() <= w) {
                        replace.setLong(1, change.rowId());
                        replace.executeUpdate();
                    }
                    applied = change.seq();
                }
            }
            if (hi > w) {
                // In key order: FTS5 starts a new segment whenever a rowid is lower than the one before.
                try (Statement statement = search.createStatement()) {
                    statement.executeUpdate("INSERT INTO messages_fts (rowid, content) SELECT search_key, content "
                            + "FROM temp.step_batch ORDER BY search_key");
                }
                w = hi;
                newRows = true;
            }
            boolean complete = before.complete() || (log.isEmpty() && !newRows && w >= top[0]);
            State after = new State(before.archiveId(), w, applied, complete);
            if (!after.equals(before)) {
                writeStateIn(after);
            }
            try (Statement statement = search.createStatement()) {
                statement.execute("DELETE FROM temp.step_rows");
                statement.execute("DELETE FROM temp.step_batch");
            }
            search.commit();
            state = after;
        } catch (SQLException | RuntimeException e) {
            search.rollback();
            throw e;
        } finally {
            search.setAutoCommit(true);
        }
        archiveMaxRow = top[0];
        archiveMaxSeq = top[1];
        appliedSinceTrim += log.size();
        if (appliedSinceTrim >= TRIM_ENTRIES) {
            trim();
        }
        return !log.isEmpty() || newRows ? Step.WORKED : Step.CURRENT;
    }

    /**
     * The highest row id of the next batch above {@code w}: {@link #batchRows} rows on, or fewer, and before
     * the first row without a search key (there should be none: the insert trigger gives every row one; such a
     * row is indexed once it has a key).
     */
    private long batchEnd(long w) throws SQLException {
        long hi;
        try (PreparedStatement end = search.prepareStatement("SELECT max(row_id) FROM (SELECT row_id FROM " + ARCHIVE
                + ".message_rows WHERE row_id > ? ORDER BY row_id LIMIT ?)")) {
            end.setLong(1, w);
            end.setInt(2, batchRows);
            try (ResultSet rs = end.executeQuery()) {
                hi = rs.next() ? rs.getLong(1) : w;
            }
        }
        try (PreparedStatement unkeyed = search.prepareStatement("SELECT min(row_id) FROM " + ARCHIVE
                + ".message_rows WHERE search_key IS NULL AND row_id > ? AND row_id <= ?")) {
            unkeyed.setLong(1, w);
            unkeyed.setLong(2, hi);
            try (ResultSet rs = unkeyed.executeQuery()) {
                long first = rs.next() ? rs.getLong(1) : 0;
                if (!rs.wasNull() && first > 0) {
                    LOG.warn("Message row {} has no search key yet; it is indexed once it has one", first);
                    hi = first - 1;
                }
            }
        }
        return Math.max(hi, w);
    }

    private void writeStateIn(State next) throws SQLException {
        try (PreparedStatement update = search.prepareStatement("UPDATE search_state SET indexed_row_id = ?, "
                + "applied_seq = ?, complete = ?, updated_at = ? WHERE only = 1")) {
            update.setLong(1, next.indexedRowId());
            update.setLong(2, next.appliedSeq());
            update.setInt(3, next.complete() ? 1 : 0);
            update.setLong(4, System.currentTimeMillis());
            update.executeUpdate();
        }
    }

    /** {@link #trim()} now, whatever has been applied since the last (tests; on the stepping thread). */
    void trimNow() {
        appliedSinceTrim = Math.max(appliedSinceTrim, 1);
        trim();
    }

    /** Removes the applied entries from the archive's change log (through its writer: a short write). */
    private void trim() {
        if (trimmer == null || appliedSinceTrim == 0) {
            return;
        }
        try {
            trimmer.accept(state.appliedSeq());
            appliedSinceTrim = 0;
        } catch (RuntimeException e) {
            LOG.warn("Trimming the archive's search change log failed (tried again later): {}", e.getMessage());
        }
    }

    // ---- the thread ---------------------------------------------------------------------------------

    private void run() {
        long lastWork = System.nanoTime();
        while (!stopping) {
            long request;
            boolean waiter;
            synchronized (signal) {
                request = requests;
                waiter = requests > currentAfter;
                woken = false;
            }
            boolean eager = waiter || System.nanoTime() - lastWork >= BATCH_DELAY_MILLIS * 1_000_000;
            Step step;
            try {
                step = step(eager);
                if (step == Step.CURRENT) {
                    trim();
                }
                if (step != Step.DEFERRED) {
                    lastWork = System.nanoTime();
                }
                synchronized (signal) {
                    failuresInRow = 0;
                    lastFailure = null;
                    if (step == Step.CURRENT) {
                        currentAfter = Math.max(currentAfter, request);
                    }
                    signal.notifyAll();
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Indexing messages for search failed (tried again in a moment): {}", e.getMessage(), e);
                synchronized (signal) {
                    failuresInRow++;
                    lastFailure = e.getMessage();
                    signal.notifyAll();
                }
                sleep(RETRY_MILLIS);
                continue;
            }
            if (step != Step.WORKED) {
                long wait = step == Step.DEFERRED
                        ? Math.max(1, BATCH_DELAY_MILLIS - (System.nanoTime() - lastWork) / 1_000_000) : IDLE_MILLIS;
                synchronized (signal) {
                    if (!woken && !stopping && requests <= currentAfter) {
                        idle = step == Step.CURRENT;
                        try {
                            signal.wait(wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } finally {
                            idle = false;
                        }
                    }
                }
            }
        }
    }

    private void sleep(long millis) {
        synchronized (signal) {
            if (stopping) {
                return;
            }
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The archive committed (called by every write; cheap): wakes the thread when it sleeps with the index
     * current. While it collects new rows for a batch it is not woken: it looks again when the batch's delay
     * is over, so that it does not read the archive after every commit.
     */
    void committed() {
        synchronized (signal) {
            if (idle) {
                woken = true;
                signal.notifyAll();
            }
        }
    }

    // ---- waiting and reporting ----------------------------------------------------------------------

    /** What the index does not hold yet, as of the indexer's last step (no query). */
    public SearchBacklog backlog() {
        State now = state;
        if (now == null) {
            return new SearchBacklog(archiveMaxRow, 0, true);
        }
        return new SearchBacklog(Math.max(0, archiveMaxRow - now.indexedRowId()),
                Math.max(0, archiveMaxSeq - now.appliedSeq()), !now.complete());
    }

    /**
     * Waits until the index holds every message and change committed before the call, telling
     * {@code progress} how far it has got (operation {@link #WAITING}) while it has to wait.
     *
     * @return true when it is current; false when the indexer keeps failing or is closed (logged), or the
     *         thread was interrupted
     */
    public boolean awaitCurrent(ProgressListener progress) {
        long request;
        synchronized (signal) {
            request = ++requests;
            woken = true;
            signal.notifyAll();
        }
        long total = -1;
        boolean told = false;
        long started = System.nanoTime();
        synchronized (signal) {
            while (currentAfter < request) {
                if (closed || stopping || !thread.isAlive()) {
                    return false;
                }
                if (failuresInRow >= 3) {
                    LOG.warn("The search index is not up to date: {}", lastFailure);
                    return false;
                }
                SearchBacklog backlog = backlog();
                long left = backlog.messages() + backlog.changes();
                if (total < 0 || left > total) {
                    total = left;
                }
                if (total > 0) {
                    progress.onProgress(new WorkProgress(WorkProgress.HOST, WAITING, left + " left", total - left, total));
                    told = true;
                }
                try {
                    signal.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        if (told) {
            progress.onProgress(new WorkProgress(WorkProgress.HOST, WAITING, "done", total, total));
        }
        LOG.info("The search index {} is current (waited {} ms)", file, (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** The schema name the search file is attached as on every read connection. */
    static final String SCHEMA = "search";

    /**
     * Attaches the search file of {@code archiveFile} read-only as schema {@value #SCHEMA} to {@code
     * connection}; when it does not exist (yet) or cannot be opened, an empty index instead (search finds
     * nothing until the file is built).
     */
    static void attach(Connection connection, Path archiveFile) throws SQLException {
        Path file = fileFor(archiveFile);
        if (Files.exists(file)) {
            try {
                attachFile(connection, file);
                return;
            } catch (SQLException e) {
                LOG.warn("The search index {} cannot be read ({}); search finds nothing until it is rebuilt", file,
                        e.getMessage());
            }
        }
        attachFile(connection, emptyIndex());
    }

    /** {@link #attach}, returning {@code connection} (closed when attaching fails). */
    static Connection attachTo(Connection connection, Path archiveFile) throws SQLException {
        try {
            attach(connection, archiveFile);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void attachFile(Connection connection, Path file) throws SQLException {
        try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS " + SCHEMA)) {
            attach.setString(1, "file:" + file.toAbsolutePath().toUri().getRawPath() + "?mode=ro");
            attach.execute();
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + SCHEMA + ".sqlite_master")) {
            rs.next(); // reads the schema now, so that a file that is not a database fails here
        } catch (SQLException e) {
            try (Statement detach = connection.createStatement()) {
                detach.execute("DETACH DATABASE " + SCHEMA);
            }
            throw e;
        }
    }

    private static Path empty;

    /** An empty search index (no state row) in the temporary folder, made once per process. */
    private static synchronized Path emptyIndex() throws SQLException {
        if (empty != null && Files.exists(empty)) {
            return empty;
        }
        try {
            Path made = Files.createTempFile("chat-archive-empty-search-", ".db");
            made.toFile().deleteOnExit();
            try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + made);
                 Statement statement = connection.createStatement()) {
                for (String sql : SCHEMA_SQL.split(";")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
                statement.execute("PRAGMA user_version = " + FORMAT);
            }
            empty = made;
            return made;
        } catch (IOException e) {
            throw new SQLException("Cannot make an empty search index in the temporary folder: " + e.getMessage(), e);
        }
    }

    /** What the attached search file does not hold yet, read on {@code connection} (one read transaction). */
    static SearchBacklog backlog(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT t.*, s.indexed_row_id, s.applied_seq, s.complete, "
                     + "s.archive_id = (SELECT id FROM archive_identity WHERE only = 1) FROM (" + TOP_SQL + ") AS t "
                     + "LEFT JOIN " + SCHEMA + ".search_state s ON s.only = 1")) {
            rs.next();
            long maxRow = rs.getLong(1);
            long maxSeq = rs.getLong(2);
            rs.getLong(4);
            if (rs.wasNull() || rs.getInt(7) != 1) {
                return new SearchBacklog(maxRow, 0, true);
            }
            return new SearchBacklog(Math.max(0, maxRow - rs.getLong(4)), Math.max(0, maxSeq - rs.getLong(5)),
                    rs.getInt(6) == 0);
        }
    }

    // ---- closing ------------------------------------------------------------------------------------

    private void closeConnections() {
        closeQuietly(search);
        closeQuietly(archive);
        search = null;
        archive = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing a search index connection failed: {}", e.getMessage());
        }
    }

    /** Stops the thread where it is (a step under way ends first) and closes its connections. */
    @Override
    public void close() {
        synchronized (signal) {
            stopping = true;
            signal.notifyAll();
        }
        if (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        closeConnections();
    }
}

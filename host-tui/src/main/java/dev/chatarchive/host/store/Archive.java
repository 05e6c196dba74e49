package dev.chatarchive.host.store;

import dev.chatarchive.host.media.MediaStore;
import dev.chatarchive.host.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The archive: one SQLite file holding chats, messages, sync checkpoints, sync requests and the
 * global sync status, and beside it the {@link MediaStore media store} holding attached files (by the
 * hash of their bytes; the {@code attachments} table links them to messages).
 *
 * <p>Design: every connection comes from one configured data source (WAL journal, synchronous
 * NORMAL, foreign keys on, a busy timeout, write transactions that take the write lock up front), so
 * no connection ever runs without those settings. One process writes an archive at a time: opening
 * for writing takes an OS lock beside the file ({@link ArchiveLock}) and a second process is told
 * the archive is in use. Within the process, write transactions are serialised by a fair lock, so
 * the sync engine and live messages take turns instead of colliding; readers never wait for them
 * (WAL). Opening migrates the schema ({@link Migrations}) before anything else can touch it.
 *
 * <p>Thread-safe. {@link #write} and {@link #read} hand out an {@link ArchiveSession} valid only
 * inside the callback.
 */
public final class Archive implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Archive.class);
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final Path file;
    private final Clock clock;
    private final boolean readOnly;
    private final Jdbi jdbi;
    /** Idle read connections kept between reads (writable archives only; see {@link ReadConnections}). */
    private final ReadConnections readConnections;
    /** The Jdbi {@link #read} runs on: over {@link #readConnections}, or {@link #jdbi} when read-only. */
    private final Jdbi readJdbi;
    private final ArchiveLock lock;
    private final MessageRules rules;
    private final MediaStore media;
    /**
     * The writer connection's page cache, in SQLite's units (negative: KiB): 32 MiB instead of the
     * default 2 MiB. A page of messages touches leaf pages all over the unique index on (chat, id),
     * whose ids are hashes; with the default cache a large import spills and writes the same pages to
     * the WAL several times per transaction. Only the one writer connection gets it (memory is taken
     * as pages are used, up to the cap); readers keep the default.
     */
    static final int WRITER_CACHE_SIZE = -32_768;
    /**
     * The WAL's size in bytes after which the {@link WalCheckpointer background checkpoint} copies it
     * back into the file: that of 10,000 frames of 4 KiB pages (about 40 MB), SQLite's default of 1,000
     * pages times ten. A page of 5,000 imported messages dirties more than 1,000 pages (the (chat, id)
     * index's leaves are all over the file), so checkpointing after every commit wrote those pages
     * again each time; with this much log a page of the index dirtied by several commits is copied
     * once. Also the writer's {@code journal_size_limit}, so that a WAL started over is cut back to this
     * size. All three sizes are bytes, turned into pages of the file's own page size when the writer
     * opens ({@link WalCheckpointer.Pages#ofBytes}): a file of 8 KiB pages is checkpointed after as many
     * bytes of log as one of 4 KiB pages, that is after half as many pages.
     */
    static final long BACKGROUND_CHECKPOINT_BYTES = WalCheckpointer.walBytes(10_000, 4_096);
    /**
     * The WAL's size in bytes after which the writer's own commit copies it back into the file
     * (SQLite's automatic checkpoint, {@code wal_autocheckpoint} in pages of the file), the hard cap
     * behind the {@link WalCheckpointer}: that of 100,000 frames of 4 KiB pages (about 400 MB). It runs
     * only when the background checkpoints fall behind a long run of commits (the WAL starts over only
     * when a checkpoint has copied all of it before the writer's next transaction, so during a large
     * import it is this one that lets the WAL start over, copying only what the background has not) or
     * could not run; whatever they do, the WAL stays within this cap plus one transaction. It is
     * emptied by the last checkpoint and deleted on close.
     */
    static final long WRITER_AUTOCHECKPOINT_BYTES = WalCheckpointer.walBytes(100_000, 4_096);
    /**
     * The WAL's size in bytes from which the background checkpoint also copies the log's end with the
     * writer held off between two transactions (a short wait for the writer: what it committed while
     * the checkpoint before ran), so that the WAL starts over from its beginning: that of 50,000 frames
     * of 4 KiB pages (about 200 MB). A WAL is only started over when a checkpoint has copied all of it
     * before the writer's next transaction, which passive checkpoints running beside a busy writer
     * never manage.
     */
    static final long RESTART_CHECKPOINT_BYTES = WalCheckpointer.walBytes(50_000, 4_096);
    /**
     * Where the writer connection keeps its temporary data: in memory ({@code PRAGMA temp_store =
     * MEMORY}) instead of temporary files. Each statement that stores a chunk of a page (500 rows) keeps
     * a statement journal of the pages it changes, to undo itself alone if it fails; SQLite spills it to
     * a temporary file past 64 KiB, so an import wrote about two more 4 KiB pages per message through
     * the kernel (strace of a 100,000-message replay: 288,469 pwrite calls, 93,341 with this). Every
     * statement of the writer is bounded (a chunk of 500 messages, or one row), so the journal stays a
     * few MiB; bigger one-off work (legacy adoption, migrations) runs on other connections.
     */
    static final String WRITER_TEMP_STORE = "MEMORY";
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /**
     * The search index's reads of the archive (a snapshot each, held for a moment) and the WAL checkpoint's
     * starting the WAL over take turns: a reader's snapshot at that moment would keep the WAL from starting over.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock snapshotGate =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** What adopting a baileys-bridge database came to, when this open adopted one. */
    private AdoptionReport adoption;
    /** Keeps the search file beside the archive current; writable archives only (null when read-only). */
    private SearchIndex searchIndex;
    private String upgradeNotice;
    /** The one connection writes go through, opened on first write; only touched under writeLock. */
    private Handle writer;
    /** The sizes at which the WAL is checkpointed, when given (tests); null: the sizes in bytes above, in pages of the file. */
    private WalCheckpointer.Pages checkpointPages;
    /** Checkpoints the WAL on a thread of its own; made with {@link #writer}, only touched under writeLock. */
    private WalCheckpointer checkpointer;
    /** The archive's {@code -wal} file, by the name SQLite opened it by; null when read-only. */
    private final Path wal;
    /** The archive's real file (symlinks resolved), beside which the {@link DiskReserve} is kept; null when read-only. */
    private Path realFile;
    /** Room kept on the disk for recording a stop when it fills; made with {@link #writer}, only touched under writeLock. */
    private DiskReserve reserve;

    private Archive(Path file, Path wal, Clock clock, boolean readOnly, Jdbi jdbi, ReadConnections readConnections,
                    ArchiveLock lock) {
        this.file = file;
        this.wal = wal;
        this.clock = clock;
        this.readOnly = readOnly;
        this.jdbi = jdbi;
        this.readConnections = readConnections;
        this.readJdbi = readConnections == null ? jdbi : Jdbi.create(readConnections);
        this.lock = lock;
        this.rules = new MessageRules(clock);
        this.media = MediaStore.besideArchive(file);
        if (!readOnly) {
            media.removeLeftovers();
        }
    }

    /**
     * Opens (creating if needed) the archive at {@code file} for reading and writing, migrating it to
     * the current schema. A baileys-bridge database is adopted (converted on a copy that then takes its
     * place; see {@link #adoption()}).
     *
     * @throws ArchiveInUseException when another process has it open for writing
     * @throws ArchiveException      when it cannot be opened (not a database, newer schema, no access)
     */
    public static Archive open(Path file, Clock clock) {
        return open(file, clock, ProgressListener.NONE);
    }

    /**
     * As {@link #open(Path, Clock)}, telling {@code progress} how far long work on opening has got:
     * adopting a baileys-bridge database, upgrading the schema of an older archive.
     */
    public static Archive open(Path file, Clock clock, ProgressListener progress) {
        return open(file, clock, progress, null);
    }

    /** As {@link #open(Path, Clock)}, with the WAL checkpoints' sizes given (tests use small ones). */
    static Archive open(Path file, Clock clock, WalCheckpointer.Pages checkpointPages) {
        return open(file, clock, ProgressListener.NONE, checkpointPages);
    }

    /** As {@link #open(Path, Clock)}, the search index stepped by the caller ({@link SearchIndex#step()}, tests). */
    static Archive openWithManualIndex(Path file, Clock clock, int batchRows) {
        return open(file, clock, ProgressListener.NONE, null, batchRows);
    }

    private static Archive open(Path file, Clock clock, ProgressListener progress,
                                WalCheckpointer.Pages checkpointPages) {
        return open(file, clock, progress, checkpointPages, 0);
    }

    /** {@code manualBatchRows} > 0: the search index has no thread, its steps are run by the caller (tests). */
    private static Archive open(Path file, Clock clock, ProgressListener progress,
                                WalCheckpointer.Pages checkpointPages, int manualBatchRows) {
        Path absolute = file.toAbsolutePath();
        createParent(absolute);
        // The lock is taken on the file's canonical path, whatever name it was opened by (a symlink, "..").
        ArchiveLock lock = ArchiveLock.acquire(absolute);
        try {
            Path real = lock.canonicalFile();
            // The same file by a name no path comparison sees (hard link, bind mount): its identity is locked too.
            lock.lockIdentity(real, absolute);
            LegacyBridgeAdoption.removeLeftovers(real);
            // Nothing writes to the file until the probe has said it is ours (or new, or to adopt).
            ArchiveProbe.Result probed = ArchiveProbe.probe(real);
            AdoptionReport adoption = probed.kind() == ArchiveProbe.Kind.LEGACY_BRIDGE
                    ? LegacyBridgeAdoption.adoptByCopy(real, clock, progress) : null;
            if (probed.kind() == ArchiveProbe.Kind.NEW) {
                NewArchiveFile.start(real); // 8 KiB pages: set before anything puts the file in WAL mode
            }
            SQLiteDataSource source = dataSource(real, false);
            Jdbi jdbi = Jdbi.create(source);
            String upgradeNotice = jdbi.withHandle(handle -> Migrations.migrate(handle, absolute, clock, progress));
            lock.lockIdentity(real, absolute); // a new file exists now; an adopted one was replaced
            LOG.info("Opened archive {} (schema version {})", absolute, Migrations.LATEST);
            Archive archive = new Archive(absolute, Path.of(real + "-wal"), clock, false, jdbi,
                    new ReadConnections(source, real), lock);
            archive.adoption = adoption;
            archive.upgradeNotice = upgradeNotice;
            archive.checkpointPages = checkpointPages;
            archive.realFile = real;
            // Made before any read connection attaches it: a missing or unusable file is made anew here.
            archive.searchIndex = manualBatchRows > 0
                    ? SearchIndex.manual(real, archive::trimSearchChanges, manualBatchRows)
                    : SearchIndex.start(real, archive::trimSearchChanges, archive.snapshotGate.readLock());
            if (adoption != null && manualBatchRows == 0) {
                // Adopting ends with the adopted messages searchable.
                archive.awaitSearchIndex(progress);
            }
            return archive;
        } catch (RuntimeException e) {
            lock.close();
            throw translate(e, absolute);
        }
    }

    /**
     * Opens an existing archive for reading only, without the writer's lock, so that a command can
     * read an archive a running app is writing. Nothing is written to the file (its journal mode is
     * left as it is).
     *
     * @throws ArchiveException when it does not exist, is not an archive, or needs a migration (open
     *                          it for writing once)
     */
    public static Archive openReadOnly(Path file, Clock clock) {
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            throw new ArchiveException("There is no archive at " + absolute + ". Name one with --archive FILE.");
        }
        try {
            ArchiveProbe.Result probed = ArchiveProbe.probe(absolute);
            if (probed.kind() == ArchiveProbe.Kind.NEW) {
                throw new ArchiveException(absolute + " is an empty database, not an archive yet. Open it once with "
                        + "chat-archive (not read-only) to make it one, or name another archive with --archive FILE.");
            }
            if (probed.kind() == ArchiveProbe.Kind.LEGACY_BRIDGE) {
                throw new LegacyDatabaseException(absolute);
            }
            SQLiteDataSource source = dataSource(absolute, true);
            Jdbi jdbi = Jdbi.create(() -> SearchIndex.attachTo(source.getConnection(), absolute));
            int version = jdbi.withHandle(handle -> Migrations.checkOpenable(handle, absolute));
            if (version < Migrations.LATEST) {
                throw new ArchiveException("The archive " + absolute + " needs an upgrade to schema version "
                        + Migrations.LATEST + " before it can be read; open it once with chat-archive (not read-only).");
            }
            return new Archive(absolute, null, clock, true, jdbi, null, null);
        } catch (RuntimeException e) {
            throw translate(e, absolute);
        }
    }

    private static SQLiteDataSource dataSource(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        if (!readOnly) {
            // Switching to WAL writes the file's header; a reader leaves the archive's (already WAL) mode alone.
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setReadOnly(readOnly);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    private static void createParent(Path file) {
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new ArchiveException("Cannot create the folder for the archive " + file + " (" + e.getMessage()
                    + "). Check its permissions, or name another place with --archive FILE.", e);
        }
    }

    private static ArchiveException translate(RuntimeException e, Path file) {
        if (e instanceof ArchiveException archiveException) {
            return archiveException;
        }
        var aboutTheFile = ArchiveErrors.translate(e, file);
        if (aboutTheFile.isPresent()) {
            return aboutTheFile.get();
        }
        return new ArchiveException("Cannot open the archive " + file + ": " + rootMessage(e)
                + ". Check that the file is readable and writable, or name another with --archive FILE.", e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /**
     * Runs {@code work} in one write transaction: committed if it returns normally, rolled back if it
     * throws (nothing of it is stored). Write transactions of this process run one at a time, on one
     * connection kept open for them (opening a SQLite connection costs more than a small write).
     *
     * @throws ArchiveException when the archive was opened read-only
     */
    public <R> R write(Function<ArchiveSession, R> work) {
        if (readOnly) {
            throw new ArchiveException("The archive " + file + " is open read-only here; nothing can be written.");
        }
        writeLock.lock();
        try {
            if (writer == null) {
                openWriter();
            }
            R result = writer.inTransaction(handle -> work.apply(new ArchiveSession(handle, rules, clock.instant())));
            if (checkpointer != null) {
                checkpointer.committed();
            }
            if (searchIndex != null) {
                searchIndex.committed();
            }
            return result;
        } catch (RuntimeException e) {
            RuntimeException translated = aboutTheFile(e);
            if (translated instanceof DiskFullException) {
                giveUpTheReserve();
            }
            throw translated;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * After a write found the disk full (and was rolled back): gives the room kept beside the archive
     * back to the disk, so that the next write, a sync recording its {@code disk_full} stop, has room
     * for its few pages whatever the page size ({@link DiskReserve}). The background checkpoint, which
     * grows the database file, is first kept from taking it: a checkpoint it runs now ends first, and
     * it starts none before the next commit. Under writeLock.
     */
    private void giveUpTheReserve() {
        if (reserve == null || !reserve.held()) {
            return;
        }
        if (checkpointer != null) {
            checkpointer.pauseUntilNextCommit();
        }
        reserve.release();
    }

    /**
     * Removes the search change log's entries the index has applied (up to {@code seq}), on the writer. Not
     * through {@link #write}: a trim that meets a full disk is simply tried later (the caller logs it), and
     * must not give up the room kept for recording a sync's {@code disk_full} stop ({@link #giveUpTheReserve}).
     */
    private void trimSearchChanges(long seq) {
        writeLock.lock();
        try {
            if (writer == null) {
                openWriter();
            }
            writer.useTransaction(handle -> handle.createUpdate("DELETE FROM search_changes WHERE seq <= :seq")
                    .bind("seq", seq).execute());
            if (checkpointer != null) {
                checkpointer.committed();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * What the search index does not hold yet (one short read: the archive's highest row id and log seq
     * against the search file's state). Search finds only what the index holds.
     */
    public SearchBacklog searchBacklog() {
        return read(session -> {
            try {
                return SearchIndex.backlog(session.handle().getConnection());
            } catch (java.sql.SQLException e) {
                throw new ArchiveException("Cannot read the state of the search index: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Waits until the search index holds every message and change committed before the call, telling
     * {@code progress} how far it has got ({@value SearchIndex#WAITING}) while it has to wait. Commands
     * that report an import or an adoption done call it; the app's screens never wait.
     *
     * @return whether the index is current; false when it could not be brought up to date (the cause is
     *         logged; search finds what it holds)
     */
    public boolean awaitSearchIndex(ProgressListener progress) {
        if (searchIndex == null) {
            return true;
        }
        return searchIndex.awaitCurrent(progress);
    }

    /** The search index's writer (writable archives; null when read-only). */
    SearchIndex searchIndex() {
        return searchIndex;
    }

    /** Opens the writer connection with its own settings, and the background checkpoint beside it. */
    private void openWriter() {
        Handle handle = jdbi.open();
        try {
            handle.execute("PRAGMA cache_size = " + WRITER_CACHE_SIZE);
            handle.execute("PRAGMA temp_store = " + WRITER_TEMP_STORE);
            int pageSize = handle.createQuery("PRAGMA page_size").mapTo(Integer.class).one();
            WalCheckpointer.Pages pages = checkpointPages != null ? checkpointPages : WalCheckpointer.Pages.ofBytes(
                    BACKGROUND_CHECKPOINT_BYTES, RESTART_CHECKPOINT_BYTES, WRITER_AUTOCHECKPOINT_BYTES, pageSize);
            handle.execute("PRAGMA wal_autocheckpoint = " + pages.writerCap());
            long threshold = WalCheckpointer.walBytes(pages.background(), pageSize);
            handle.execute("PRAGMA journal_size_limit = " + threshold);
            checkpointer = new WalCheckpointer(jdbi, wal, threshold,
                    WalCheckpointer.walBytes(pages.restart(), pageSize), writeLock, snapshotGate.writeLock());
            reserve = DiskReserve.keep(realFile, DiskReserve.bytesFor(pageSize));
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        writer = handle;
    }

    /**
     * Runs {@code work} on a read connection (no write lock; never waits for writers), which sees every
     * commit made before the call. A writable archive keeps a few read connections open between reads
     * ({@link ReadConnections}: no snapshot kept, a file changed outside SQLite or gone is opened
     * afresh); a read-only one opens a connection per read.
     */
    public <R> R read(Function<ArchiveSession, R> work) {
        try {
            return readJdbi.withHandle(handle -> {
                try {
                    return work.apply(new ArchiveSession(handle, rules, clock.instant()));
                } catch (RuntimeException e) {
                    if (readConnections != null) {
                        readConnections.discard(handle.getConnection());
                    }
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            throw aboutTheFile(e);
        }
    }

    /**
     * A full disk or a damaged file becomes a {@link DiskFullException} or {@link ArchiveCorruptException}
     * that says so; anything else is passed on as it is.
     */
    private RuntimeException aboutTheFile(RuntimeException e) {
        return ArchiveErrors.translate(e, file).<RuntimeException>map(translated -> {
            LOG.error("{}", translated.getMessage(), e);
            return translated;
        }).orElse(e);
    }

    /** The Jdbi over this archive's configured data source, for queries the stores do not offer. */
    public Jdbi jdbi() {
        return jdbi;
    }

    public Path file() {
        return file;
    }

    public Clock clock() {
        return clock;
    }

    /** The archive's attached files: the folder {@code media} beside the archive file. */
    public MediaStore media() {
        return media;
    }

    public MessageRules rules() {
        return rules;
    }

    /**
     * What the user should know about the schema upgrade this open made, when there is something: the
     * free space it could not give back for want of disk (see docs/schema.md, "Integer chat key").
     */
    public java.util.Optional<String> upgradeNotice() {
        return java.util.Optional.ofNullable(upgradeNotice);
    }

    /**
     * What adopting a baileys-bridge database came to, when this open adopted one (the file was one a
     * moment ago); empty for every other open.
     */
    public java.util.Optional<AdoptionReport> adoption() {
        return java.util.Optional.ofNullable(adoption);
    }

    /**
     * The process writing the archive at {@code file} now, by the writer's OS lock: its pid ({@code -1}
     * if it did not say), or empty when no chat-archive writes it, whatever the archive records (a
     * sync recorded {@code in_progress} by a process that was killed is not running). Creates nothing.
     */
    public static java.util.OptionalLong liveWriter(Path file) {
        return ArchiveLock.liveWriter(file.toAbsolutePath());
    }

    /** The schema version this program writes. */
    public static int schemaVersion() {
        return Migrations.LATEST;
    }

    /** The background checkpoint, once a write has made it (null before, and after {@link #close()}). */
    WalCheckpointer walCheckpointer() {
        writeLock.lock();
        try {
            return checkpointer;
        } finally {
            writeLock.unlock();
        }
    }

    /** Read connections this archive has opened so far (reads served by a kept one do not count). */
    long readConnectionsOpened() {
        return readConnections == null ? -1 : readConnections.opened();
    }

    @Override
    public void close() {
        // Readers and the checkpoint thread first: the writer, closing last, checkpoints the WAL and removes it as before.
        if (readConnections != null) {
            readConnections.close();
        }
        // The indexer next: it reads the archive and may trim its log through the writer.
        if (searchIndex != null) {
            searchIndex.close();
        }
        // Not under writeLock: the checkpoint thread may be waiting for it to copy the log's end.
        WalCheckpointer stopping;
        writeLock.lock();
        try {
            stopping = checkpointer;
            checkpointer = null;
        } finally {
            writeLock.unlock();
        }
        if (stopping != null) {
            stopping.close(); // its connection too, so that the writer is the last one
        }
        writeLock.lock();
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
            if (reserve != null) {
                reserve.close();
                reserve = null;
            }
        } finally {
            writeLock.unlock();
        }
        if (lock != null) {
            lock.close();
        }
        LOG.info("Closed archive {}", file);
    }
}

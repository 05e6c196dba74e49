package dev.chatarchive.host.store;

import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.progress.WorkProgress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's schema history, applied in order on open. The schema version lives in
 * {@code PRAGMA user_version}; each step runs in one transaction with its version bump, so a crash
 * mid-migration leaves the archive at the previous version, and running migrations again is harmless.
 *
 * <p>Version 1 creates the schema in an empty file. A baileys-bridge database reaches version 1 by
 * adoption ({@link LegacyBridgeAdoption#adoptByCopy}), which {@link Archive#open} runs on a copy before
 * any migration. To add a version, append a {@link Migration} to
 * {@link #ALL} (for example {@code Migration.script(2, "...", "V2__what.sql")}), never edit a
 * released one.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    static final List<Migration> ALL = List.of(
            new Migration(1, "create the archive, or adopt a baileys-bridge database", Migrations::createOrAdopt),
            Migration.script(2, "attached files: media_files and attachments", "V2__attachments.sql"),
            Migration.script(3, "key the full-text index by message time, for newest-first search",
                    "V3__search_by_time.sql"),
            Migration.script(4, "remember merges: chat_merges and merged_messages", "V4__chat_merges.sql"),
            Migration.script(5, "compact the raw records of WhatsApp export messages", "V5__compact_export_records.sql"),
            Migration.script(6, "give a message its search key in the insert, not in a trigger's update",
                    "V6__search_key_in_insert.sql"),
            new Migration(7, "name each message's chat by an integer key (about "
                    + Migrations.V7_SECONDS_PER_MILLION + " s per million messages)", Migrations::integerChatKey, true),
            Migration.script(8, "stop keeping each message's token count in the full-text index", "V8__fts_without_sizes.sql"),
            Migration.script(9, "move the full-text index to a file of its own beside the archive, built in the background",
                    "V9__search_index_file.sql"));

    /** What the version 7 rebuild took per million messages, measured (docs/schema.md). */
    static final int V7_SECONDS_PER_MILLION = 30;

    static final int LATEST = ALL.get(ALL.size() - 1).version();

    private Migrations() {
    }

    static int userVersion(Handle handle) {
        return handle.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
    }

    /** Checks that {@code file} is an archive this version can open, then brings it up to {@link #LATEST}. */
    static void migrate(Handle handle, Path file, Clock clock) {
        migrate(handle, file, clock, ProgressListener.NONE);
    }

    /**
     * As {@link #migrate(Handle, Path, Clock)}, telling {@code progress} each step of an upgrade (an
     * archive that had a schema already; creating a new one is quick and says nothing).
     */
    static String migrate(Handle handle, Path file, Clock clock, ProgressListener progress) {
        return migrate(handle, file, clock, progress, Migrations::usableSpace);
    }

    /**
     * As above, with where the free disk space is read from (a test stands in for a full disk).
     *
     * @return a sentence for the user about the upgrade (the space it could not give back), or null
     */
    static String migrate(Handle handle, Path file, Clock clock, ProgressListener progress,
                          ToLongFunction<Path> usableSpace) {
        String notice = null;
        int current = checkOpenable(handle, file);
        List<Migration> pending = ALL.stream().filter(migration -> migration.version() > current).toList();
        String operation = "Upgrading " + file.getFileName() + " to schema version " + LATEST;
        boolean upgrade = current > 0 && !pending.isEmpty();
        int done = 0;
        for (Migration migration : pending) {
            if (upgrade) {
                progress.onProgress(new WorkProgress(WorkProgress.HOST, operation, migration.description(), done,
                        pending.size()));
            }
            LOG.info("Migrating {} to schema version {}: {}", file, migration.version(), migration.description());
            if (migration.rebuilds()) {
                // PRAGMA foreign_keys is a no-op inside a transaction: it is set around it.
                handle.execute("PRAGMA foreign_keys = OFF");
            }
            try {
                handle.useTransaction(tx -> {
                    migration.step().apply(tx, clock);
                    if (migration.rebuilds()) {
                        checkForeignKeys(tx, migration);
                    }
                    tx.execute("PRAGMA user_version = " + migration.version());
                });
            } finally {
                if (migration.rebuilds()) {
                    handle.execute("PRAGMA foreign_keys = ON");
                }
            }
            done++;
        }
        if (upgrade && pending.stream().anyMatch(Migration::rebuilds)) {
            int finished = done;
            notice = reclaimSpace(handle, file, usableSpace, detail ->
                    progress.onProgress(new WorkProgress(WorkProgress.HOST, operation, detail, finished, pending.size())));
        }
        if (upgrade) {
            progress.onProgress(new WorkProgress(WorkProgress.HOST, operation, "done", done, pending.size()));
        }
        return notice;
    }

    /**
     * After a table rebuild the old tables' pages are free but still in the file (version 7 on a million
     * messages: 441 MB free in an 864 MB file): VACUUM gives them back. It runs after the upgrade has
     * committed, and only when the disk has room for what it writes (a copy of the archive's used pages in
     * the temporary folder, and again in the WAL: twice the used size, checked on the archive's folder and
     * on the temporary folder). Skipped or failed (disk full), the archive is complete and opens, only
     * bigger than it needs to be; new messages fill the free pages first.
     *
     * @return a sentence for the user when the space was not given back, else null
     */
    private static String reclaimSpace(Handle handle, Path file, ToLongFunction<Path> usableSpace,
                                       java.util.function.Consumer<String> step) {
        long pageSize = handle.createQuery("PRAGMA page_size").mapTo(Long.class).one();
        long free = handle.createQuery("PRAGMA freelist_count").mapTo(Long.class).one() * pageSize;
        long used = handle.createQuery("PRAGMA page_count").mapTo(Long.class).one() * pageSize - free;
        if (free == 0) {
            return null;
        }
        String later = "; to give it back later, run 'sqlite3 " + file + " VACUUM' with chat-archive closed "
                + "when about " + mb(2 * used) + " are free";
        Path folder = file.toAbsolutePath().getParent();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        long needed = 2 * used + 64L * 1024 * 1024;
        if (usableSpace.applyAsLong(folder) < needed || usableSpace.applyAsLong(temp) < used) {
            String sentence = "The archive was upgraded; " + mb(free) + " of free space stays inside " + file.getFileName()
                    + " because the disk has too little room to compact it" + later + ".";
            LOG.warn(sentence);
            return sentence;
        }
        step.accept("giving back the " + mb(free) + " the old tables took");
        try {
            handle.execute("VACUUM");
            handle.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            return null;
        } catch (RuntimeException e) {
            String sentence = "The archive was upgraded; " + mb(free) + " of free space stays inside " + file.getFileName()
                    + " because compacting it failed (" + e.getMessage() + ")" + later + ".";
            LOG.warn(sentence, e);
            return sentence;
        }
    }

    private static String mb(long bytes) {
        return (bytes + 999_999) / 1_000_000 + " MB";
    }

    private static long usableSpace(Path folder) {
        try {
            return java.nio.file.Files.getFileStore(folder).getUsableSpace();
        } catch (java.io.IOException e) {
            return 0; // unknown: do not start work that may not fit
        }
    }

    private static void checkForeignKeys(Handle handle, Migration migration) {
        List<String> broken = handle.createQuery("SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' -> ' || parent "
                + "FROM pragma_foreign_key_check LIMIT 5").mapTo(String.class).list();
        if (!broken.isEmpty()) {
            throw new ArchiveException("Upgrading the archive to schema version " + migration.version() + " would break "
                    + "its references (" + String.join(", ", broken) + "); nothing was changed. Please report this.");
        }
    }

    /**
     * Version 7: the integer chat key (V7__integer_chat_key.sql). A message whose chat has no chat row
     * cannot exist while foreign keys are on; one found anyway stops the upgrade before anything changes,
     * instead of being left behind by the copy.
     */
    private static void integerChatKey(Handle handle, Clock clock) {
        long orphans = handle.createQuery("SELECT count(*) FROM messages m WHERE NOT EXISTS "
                + "(SELECT 1 FROM chats c WHERE c.chat_jid = m.chat_jid)").mapTo(Long.class).one();
        if (orphans > 0) {
            throw new ArchiveException("The archive holds " + orphans + " messages of chats it has no chat row for; "
                    + "upgrading it to schema version 7 would lose them, so nothing was changed. Please report this.");
        }
        V7.executeIn(handle);
    }

    private static final SqlScript V7 = SqlScript.fromResource("V7__integer_chat_key.sql");

    /** The archive's schema version, after refusing files this version must not touch. */
    static int checkOpenable(Handle handle, Path file) {
        int current = userVersion(handle);
        if (current > LATEST && !hasCoreTables(handle)) {
            throw notAnArchive(file, current);
        }
        if (current > LATEST) {
            throw new ArchiveException("The archive " + file + " was written by a newer chat-archive (schema version "
                    + current + "; this one knows up to " + LATEST + "). Update chat-archive, or open another archive "
                    + "with --archive FILE. The file was not changed.");
        }
        if (current > 0 && !looksLikeArchive(handle)) {
            throw notAnArchive(file, current);
        }
        if (current == 0 && !LegacyBridgeAdoption.isLegacyBridge(handle) && hasTables(handle)) {
            throw new ArchiveException(file + " is a SQLite database, but neither a chat-archive archive nor a "
                    + "baileys-bridge database. Name another file with --archive FILE. The file was not changed.");
        }
        return current;
    }

    private static ArchiveException notAnArchive(Path file, int version) {
        return new ArchiveException(file + " is a SQLite database (version " + version + "), but not a chat-archive "
                + "archive: it lacks the archive's tables. Name another file with --archive FILE. The file was not changed.");
    }

    /** Tables every archive version has had (a newer version may reshape them, but keeps them). */
    private static boolean hasCoreTables(Handle handle) {
        return handle.createQuery("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name IN "
                + "('messages', 'sync_checkpoints', 'sync_status')").mapTo(Integer.class).one() == 3;
    }

    /** Whether the archive's own tables are there: a foreign database may carry any user_version. */
    private static boolean looksLikeArchive(Handle handle) {
        int tables = handle.createQuery("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name IN "
                + "('chats', 'messages', 'sync_checkpoints', 'sync_requests', 'sync_status')").mapTo(Integer.class).one();
        int markers = handle.createQuery("SELECT (SELECT count(*) FROM pragma_table_info('messages') WHERE name = 'row_id') "
                + "+ (SELECT count(*) FROM pragma_table_info('sync_checkpoints') WHERE name = 'stop_reason')")
                .mapTo(Integer.class).one();
        return tables == 5 && markers == 2;
    }

    private static boolean hasTables(Handle handle) {
        return handle.createQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                .mapTo(Integer.class).one() > 0;
    }

    private static void createOrAdopt(Handle handle, Clock clock) {
        if (LegacyBridgeAdoption.isLegacyBridge(handle)) {
            // Archive.open adopts a bridge database on a copy before any migration runs; one seen here was
            // missed by the probe and must not be converted in place.
            throw new ArchiveException("This baileys-bridge database was not adopted before its migration; nothing was "
                    + "changed. Please report this.");
        }
        schemaV1().executeIn(handle);
    }

    /**
     * Creates the current schema's empty tables in a database that has none of them (a baileys-bridge
     * file whose own tables were renamed aside), inside the caller's transaction: version 1, then every
     * later step, on no rows. The caller sets the user version to {@link #LATEST} when it has filled them.
     */
    static void createLatestIn(Handle handle, Clock clock) {
        schemaV1().executeIn(handle);
        for (Migration migration : ALL) {
            if (migration.version() > 1) {
                migration.step().apply(handle, clock);
            }
        }
    }

    static SqlScript schemaV1() {
        return SqlScript.fromResource("V1__archive.sql");
    }
}

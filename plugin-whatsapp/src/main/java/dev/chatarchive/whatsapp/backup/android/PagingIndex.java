package dev.chatarchive.whatsapp.backup.android;

import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paging index of a working copy, built on a connection and a thread of its own while the
 * reading connection goes on: the working copy is in WAL mode, so the reader keeps reading the file as
 * it was (without the index) until the index is committed, and from its next query on with it. Once
 * built, the write-ahead log is checkpointed into the file, so that reading does not go through the
 * log. The build is stopped when the reader closes.
 */
final class PagingIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PagingIndex.class);

    /** Runs on the building thread before the index is built (tests hold the build back with it). */
    static volatile Runnable beforeBuildForTests = () -> { };

    private final CompletableFuture<Void> built = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile Statement running;

    private PagingIndex(Path workingCopy, String name, String createIndex) {
        thread = new Thread(() -> build(workingCopy, name, createIndex), "whatsapp-backup-index");
        thread.setDaemon(true);
    }

    /** Starts building {@code createIndex} in {@code workingCopy} (opened in WAL mode) beside the reading. */
    static PagingIndex start(Path workingCopy, String name, String createIndex) {
        PagingIndex index = new PagingIndex(workingCopy, name, createIndex);
        index.thread.start();
        return index;
    }

    private void build(Path workingCopy, String name, String createIndex) {
        try {
            beforeBuildForTests.run();
            if (closing) {
                throw new SQLException("the reader was closed");
            }
            long start = System.nanoTime();
            try (Connection connection = SqliteFiles.openWorkingCopyBesideReading(workingCopy)) {
                // Read through the page cache, not a second memory map of the file: the reading connection
                // maps it already, and the same pages mapped twice count twice in the process's memory.
                run(connection, "PRAGMA mmap_size = 0");
                run(connection, createIndex);
                long indexed = System.nanoTime();
                // Readers that started before the commit keep the log from being copied back in full: wait
                // (busy timeout) for them to end their query, then empty it.
                run(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
                LOG.info("Paging index of {} built beside the reading in {} ms (log checkpointed in {} ms)", name,
                        (indexed - start) / 1_000_000, (System.nanoTime() - indexed) / 1_000_000);
            }
            built.complete(null);
        } catch (SQLException | RuntimeException e) {
            if (!closing) {
                LOG.warn("Building the paging index of {} failed", name, e);
            }
            built.completeExceptionally(e);
        }
    }

    private void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            running = statement;
            if (closing) {
                throw new SQLException("the reader was closed");
            }
            statement.execute(sql);
        } finally {
            running = null;
        }
    }

    /** Whether the building thread is still running (for tests). */
    boolean running() {
        return thread.isAlive();
    }

    /** Whether the index is built and committed (false while building, and when the build failed). */
    boolean isBuilt() {
        return built.isDone() && !built.isCompletedExceptionally();
    }

    /**
     * Waits for the index.
     *
     * @throws SQLException why the build failed
     */
    void await() throws SQLException, InterruptedException {
        try {
            built.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw new SQLException("The paging index could not be built: " + sql.getMessage(), sql);
            }
            throw new SQLException("The paging index could not be built: " + cause, cause);
        }
    }

    /** Stops a build still running and waits for its connection to be closed. */
    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                LOG.debug("Interrupting the paging index's build failed", e);
            }
        }
        try {
            built.get(30, TimeUnit.SECONDS);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // ended by the close, or failed before: said when it failed
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (TimeoutException e) {
            LOG.warn("The paging index's build did not stop within 30 s of closing the reader");
        }
    }
}

package dev.chatarchive.host.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a writable archive's write-ahead log back into the database file on a thread of its own
 * ({@code wal-checkpoint}), so that the thread that writes never waits for the disk.
 *
 * <p>Why: in WAL mode with {@code synchronous=NORMAL} a commit only appends to the WAL file; the
 * fsyncs (the WAL's, then the file's) happen at checkpoints. SQLite's automatic checkpoint runs on
 * the connection that commits, so the storing thread of a large import stopped for the disk at each
 * one: the same statements of a 1,000,000-message import took 53.5 s in the sqlite3 shell and 34.5 s
 * with {@code synchronous=OFF} (not crash-safe), at the same CPU. Here the writer's own automatic
 * checkpoint is raised to a hard cap ({@link Archive#WRITER_AUTOCHECKPOINT_BYTES}, far above the
 * threshold) and this thread runs {@code PRAGMA wal_checkpoint(PASSIVE)} on its own connection once
 * the WAL has grown by {@link Archive#BACKGROUND_CHECKPOINT_BYTES}. A passive checkpoint takes no lock
 * a reader or the writer waits for: it copies what no reader still needs and leaves the rest.
 *
 * <p>Trigger: sqlite-jdbc offers no {@code sqlite3_wal_hook}, so the writer calls {@link #committed()}
 * after each commit (a counter and a notify) and this thread looks at the WAL file's size (one
 * {@code stat}). The writer connection's {@code journal_size_limit} equals the threshold, so when
 * SQLite starts the WAL over from its beginning it cuts the file back to the threshold: the file grows
 * past the threshold again only when the log holds more than that. While the WAL is not started over
 * (the writer commits again before this thread has caught up, which is the rule during an import), a
 * checkpoint runs each time the file has grown by the threshold since the last one. The file's size
 * only decides when to try; no correctness depends on it.
 *
 * <p>Starting over: SQLite starts the WAL over from its beginning only when a checkpoint has copied
 * all of it before the writer's next transaction begins, which passive checkpoints beside a writer
 * that commits again at once never manage. So once the file holds {@link
 * Archive#RESTART_CHECKPOINT_BYTES}, a checkpoint is followed by more passive ones, each copying what the
 * writer committed while the one before ran, until one has copied the whole log while the writer
 * committed nothing; then one more is run with the writer held off between two transactions (the
 * archive's write lock), which finds nothing to copy, and the writer's next transaction starts the WAL
 * over. Only a writer that never pauses is held for a copy (of what it committed since the last round),
 * once per {@code restartBytes} of log, instead of for every checkpoint.
 *
 * <p>Bounds: when this thread falls behind or fails, the writer's own automatic checkpoint at the
 * hard cap copies what is left (as SQLite always did, on the writer), so the WAL stays bounded whatever
 * this thread does. A reader that holds one read transaction open keeps any checkpoint from copying
 * past its snapshot, and the WAL from starting over until it ends: that is SQLite's rule, unchanged.
 *
 * <p>Failures: a checkpoint that fails (a full disk, an I/O error) is logged with its cause, counted
 * ({@link #failures()}), its connection closed, and tried again on a fresh one after the next commit;
 * the writer's cap still bounds the log. Nothing of it reaches the writer or the user: the data is
 * safe in the WAL, which SQLite copies on the next checkpoint or open.
 *
 * <p>Life: made by the archive's first write; {@link #close()} stops the thread, waits for a running
 * checkpoint to end and closes the connection, before the archive closes its writer, which still
 * runs the final checkpoint and removes the WAL as the last connection. A daemon thread, so an archive
 * a program forgets to close cannot keep the JVM alive (a checkpoint cut off by the JVM's exit is
 * harmless: SQLite finishes it on the next open).
 */
final class WalCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /**
     * WAL sizes in pages: a background checkpoint each {@code background} pages of growth, one with the
     * writer held off (so that the WAL starts over) from {@code restart} pages, and the writer's own
     * automatic checkpoint at {@code writerCap} pages.
     */
    record Pages(int background, int restart, int writerCap) {
        Pages {
            if (background < 1 || restart < background || writerCap <= restart) {
                throw new IllegalArgumentException("Checkpoint sizes must grow: 1 <= background (" + background
                        + ") <= restart (" + restart + ") < writerCap (" + writerCap + ")");
            }
        }

        /**
         * The sizes for a file of {@code pageSize}-byte pages whose WAL reaches the given sizes in bytes: as
         * many whole frames as fit in each (the restart at least the background, the cap above the restart), so that
         * the bytes written between checkpoints stay the same whatever the page size.
         */
        static Pages ofBytes(long backgroundBytes, long restartBytes, long writerCapBytes, int pageSize) {
            int background = framesIn(backgroundBytes, pageSize);
            int restart = Math.max(background, framesIn(restartBytes, pageSize));
            int writerCap = Math.max(restart + 1, framesIn(writerCapBytes, pageSize));
            return new Pages(background, restart, writerCap);
        }

        private static int framesIn(long walBytes, int pageSize) {
            long frames = (walBytes - WAL_HEADER_BYTES) / (pageSize + FRAME_HEADER_BYTES);
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, frames));
        }
    }

    /** What a passive checkpoint found: frames in the log, and of those copied into the file (all, in the end). */
    private record Copied(long log, long checkpointed) {
        /** Frames left uncopied: committed while it ran, or kept by a reader. */
        long left() {
            return Math.max(0, log - checkpointed);
        }
    }
    /** Passive checkpoints at most that catch up with the log before a restart holds the writer off for a copy. */
    static final int CATCH_UP_ROUNDS = 8;

    /** Bytes of the WAL file's header, and of each frame's header before its page. */
    private static final int WAL_HEADER_BYTES = 32;
    private static final int FRAME_HEADER_BYTES = 24;

    private final Jdbi jdbi;
    private final Path wal;
    private final long thresholdBytes;
    private final long restartBytes;
    private final Lock writerLock;
    private final Thread thread;
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Nanoseconds spent in checkpoints, and of those with the writer held off. */
    private final AtomicLong checkpointNanos = new AtomicLong();
    private final AtomicLong heldNanos = new AtomicLong();
    /** Frames copied with the writer held off. */
    private final AtomicLong heldFrames = new AtomicLong();
    /** Runs before each checkpoint of a restart but the first (and before the held one); tests commit in it. */
    private volatile Runnable afterUnheldCheckpoint = () -> { };
    /** Commits the writer has reported; guarded by this. */
    private long commits;
    /** Commits this thread has looked at; guarded by this. */
    private long handled;
    private boolean closing;
    /** Set by {@link #hold()}: the thread looks at no commit until {@link #release()}; guarded by this. */
    private boolean held;
    /** Set by {@link #pauseUntilNextCommit()}: no checkpoint starts until the next commit; guarded by this. */
    private boolean paused;
    /** Whether a checkpoint runs now; guarded by this. */
    private boolean checkpointing;
    /** Set when the thread has ended, however it ended; guarded by this. */
    private boolean stopped;
    /** Held while the WAL is started over; the search index's snapshot reads wait for it (and it for them). */
    private final Lock readersGate;
    /** The checkpoint thread's own connection, opened on its first checkpoint; only that thread uses it. */
    private Handle connection;

    /**
     * @param jdbi           the archive's configured connections (WAL, busy timeout)
     * @param wal            the archive's {@code -wal} file, by the name SQLite opened the archive by
     * @param thresholdBytes the WAL file's growth after which a checkpoint runs
     * @param restartBytes   the WAL file's size from which a checkpoint also copies the log's end with the
     *                       writer held off, so that the WAL starts over
     * @param writerLock     the lock every write transaction of the archive holds
     */
    WalCheckpointer(Jdbi jdbi, Path wal, long thresholdBytes, long restartBytes, Lock writerLock) {
        this(jdbi, wal, thresholdBytes, restartBytes, writerLock, new java.util.concurrent.locks.ReentrantLock());
    }

    /**
     * As above, with {@code readersGate}: held while the WAL is being started over, and by the search index's
     * reads of the archive ({@link SearchIndex}) while they hold a snapshot; a reader's snapshot keeps a
     * checkpoint from copying past it and the WAL from starting over, so the two take turns.
     */
    WalCheckpointer(Jdbi jdbi, Path wal, long thresholdBytes, long restartBytes, Lock writerLock, Lock readersGate) {
        this.readersGate = readersGate;
        this.jdbi = jdbi;
        this.wal = wal;
        this.thresholdBytes = thresholdBytes;
        this.restartBytes = restartBytes;
        this.writerLock = writerLock;
        this.thread = new Thread(this::run, "wal-checkpoint");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("The WAL checkpoint thread stopped; the writer's own "
                + "checkpoints still bound the WAL", e));
        thread.start();
    }

    /** The WAL file's size when it holds {@code pages} frames of {@code pageSize} bytes. */
    static long walBytes(int pages, int pageSize) {
        return WAL_HEADER_BYTES + (long) pages * (pageSize + FRAME_HEADER_BYTES);
    }

    /** Called by the writer after each commit: wakes the thread to look at the WAL's size. Never blocks on a checkpoint. */
    synchronized void committed() {
        commits++;
        paused = false;
        notifyAll();
    }

    /**
     * Starts no checkpoint until the next {@link #committed()}, and waits for one that runs now to end.
     * The archive calls it when a write found the disk full, before it gives back the room it kept for
     * recording the stop: a checkpoint grows the database file and would take that room first.
     */
    synchronized void pauseUntilNextCommit() {
        paused = true;
        boolean interrupted = false;
        while (checkpointing) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checkpoints this thread has run (each copies what no reader still needs). */
    long checkpoints() {
        return checkpoints.get();
    }

    /** Checkpoints that copied the whole WAL with the writer held off, so that its next transaction starts it over. */
    long restarts() {
        return restarts.get();
    }

    /** Frames of the log copied with the writer held off (by the last checkpoint of each restart). */
    long heldFrames() {
        return heldFrames.get();
    }

    /**
     * Runs {@code step} on this thread between the checkpoints of a restart, after each one that did not
     * hold the writer off (as if the writer had committed while it ran). For tests.
     */
    void betweenRestartCheckpoints(Runnable step) {
        afterUnheldCheckpoint = step;
    }

    /** Checkpoints that failed (each logged with its cause). */
    long failures() {
        return failures.get();
    }

    /** Waits until this thread has looked at every commit reported so far (and run what they called for). */
    synchronized void awaitIdle() throws InterruptedException {
        while (handled != commits && !closing && !stopped && !held) {
            wait();
        }
    }

    /** Keeps the thread from looking at commits (as if it had fallen far behind) until {@link #release()}. For tests. */
    synchronized void hold() {
        held = true;
    }

    /** Ends a {@link #hold()}. */
    synchronized void release() {
        held = false;
        notifyAll();
    }

    /** Whether the thread still runs (false once {@link #close()} has returned). */
    boolean running() {
        return thread.isAlive();
    }

    private void run() {
        try {
            loop();
        } finally {
            closeConnection();
            synchronized (this) {
                stopped = true;
                notifyAll();
            }
        }
    }

    private void loop() {
        long sizeAtLastCheckpoint = 0;
        while (true) {
            long seen;
            synchronized (this) {
                while (!closing && (handled == commits || held)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                if (closing) {
                    return;
                }
                seen = commits;
            }
            long size = walSize();
            if (size < sizeAtLastCheckpoint) {
                sizeAtLastCheckpoint = 0; // SQLite started the WAL over and cut it back to the threshold
            }
            if (size > thresholdBytes && size - sizeAtLastCheckpoint >= thresholdBytes) {
                sizeAtLastCheckpoint = size;
                Copied copied = checkpoint();
                if (size >= restartBytes) {
                    readersGate.lock();
                    try {
                        restart(copied);
                    } finally {
                        readersGate.unlock();
                    }
                }
            }
            synchronized (this) {
                handled = seen;
                notifyAll();
            }
        }
    }

    private long walSize() {
        try {
            return Files.size(wal);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.warn("Cannot read the size of {} ({}); no checkpoint now, the writer's own checkpoints bound the WAL",
                    wal, e.getMessage());
            return 0;
        }
    }

    /**
     * A passive checkpoint: what it found and copied, or null when it failed, was paused or found another
     * checkpoint running.
     */
    private Copied checkpoint() {
        synchronized (this) {
            if (paused) {
                return null;
            }
            checkpointing = true;
        }
        try {
            if (connection == null) {
                connection = jdbi.open();
            }
            // One row: busy (another checkpoint ran), frames in the log, frames copied into the file.
            long started = System.nanoTime();
            Map<String, Object> result = connection.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapToMap().one();
            checkpointNanos.addAndGet(System.nanoTime() - started);
            checkpoints.incrementAndGet();
            long log = number(result, "log");
            long copied = number(result, "checkpointed");
            return number(result, "busy") != 0 || log < 0 || copied < 0 ? null : new Copied(log, copied);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("A background checkpoint of {} failed; it is tried again after the next commit, and the writer's "
                    + "own checkpoints bound the WAL meanwhile", wal, e);
            closeConnection();
            return null;
        } finally {
            synchronized (this) {
                checkpointing = false;
                notifyAll();
            }
        }
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    /**
     * Copies the log's end, which the writer appended while the last checkpoint ran, so that the whole log
     * is in the file and SQLite starts the WAL over from its beginning at the writer's next transaction
     * (and cuts the file back to {@code journal_size_limit}), holding the writer off as little as it can:
     * more passive checkpoints without holding it, each copying what it committed while the one before
     * ran; after one that copied the whole log, if the writer is between transactions
     * ({@code tryLock}) and has committed nothing since that checkpoint began, the writer is held only
     * for a checkpoint that finds nothing left to copy (it writes and syncs nothing). When that does not
     * happen in {@link #CATCH_UP_ROUNDS} rounds (a writer that never pauses), the writer is held off for
     * one copy of what it committed since the last round, as before session 8 it was after the first
     * checkpoint (then with everything committed during it and its two fsyncs: 1.6 to 1.9 s in all of a
     * 1,000,000-message import).
     *
     * @param first what the checkpoint just run found, or null
     */
    private void restart(Copied first) {
        Copied last = first;
        for (int round = 0; round < CATCH_UP_ROUNDS && last != null; round++) {
            long seen = commitsReported();
            afterUnheldCheckpoint.run();
            Copied next = checkpoint();
            if (next == null) {
                break;
            }
            last = next;
            if (next.left() == 0 && writerLock.tryLock()) {
                try {
                    if (commitsReported() == seen) {
                        held(last);
                        return;
                    }
                } finally {
                    writerLock.unlock();
                }
            }
        }
        afterUnheldCheckpoint.run();
        writerLock.lock();
        try {
            held(last);
        } finally {
            writerLock.unlock();
        }
    }

    /** The checkpoint run with the writer held off (the caller holds its lock); {@code last} was the one before. */
    private void held(Copied last) {
        long started = System.nanoTime();
        try {
            Copied held = checkpoint();
            if (held != null) {
                heldFrames.addAndGet(copiedSince(last, held));
                if (held.left() == 0) {
                    restarts.incrementAndGet();
                }
            }
        } finally {
            heldNanos.addAndGet(System.nanoTime() - started);
        }
    }

    private synchronized long commitsReported() {
        return commits;
    }

    /** Frames {@code after} copied past {@code before} (all it copied when the WAL started over in between). */
    private static long copiedSince(Copied before, Copied after) {
        if (before == null || after.log() < before.checkpointed()) {
            return after.checkpointed();
        }
        return Math.max(0, after.checkpointed() - before.checkpointed());
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the checkpoint connection of {} failed", wal, e);
            }
            connection = null;
        }
    }

    /** Stops the thread, waiting for a checkpoint it runs to end; its connection is closed when this returns. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (checkpoints.get() > 0 || failures.get() > 0) {
            LOG.info("Background WAL checkpoints of {}: {} in {} ms ({} started the WAL over, the writer held off for "
                    + "{} ms of them, {} frames copied while held), {} failed", wal, checkpoints.get(),
                    checkpointNanos.get() / 1_000_000, restarts.get(), heldNanos.get() / 1_000_000, heldFrames.get(),
                    failures.get());
        }
    }
}

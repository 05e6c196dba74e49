package dev.chatarchive.host.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read connections of a writable {@link Archive}, kept open between reads: opening a SQLite
 * connection and parsing the archive's schema on its first statement cost more than the small reads
 * a sync run makes (its checkpoint, the chat's title, its provider: about five a run), so a read takes
 * an idle connection when one is there and gives it back afterwards. A hand-made cache, not a pool
 * library: HikariCP and its kind retry a failing open until a timeout, and a read of a file that has
 * become unreadable must fail at once with the same sentence as before.
 *
 * <p>What a reader sees is what a fresh connection would see:
 * <ul>
 * <li>No snapshot is kept: a connection is given back only when its {@code Handle} has closed every
 *     statement and no transaction is open (autocommit), so its next read starts a new read
 *     transaction and sees every commit made before it (WAL).</li>
 * <li>The file is looked at before each read (one {@code stat}: device, inode, size, change time).
 *     An idle connection is used only when the file is the one it was last used on, unchanged
 *     outside SQLite's own WAL; otherwise every idle connection is closed and the read opens a new one,
 *     as every read did before: a file that was removed, replaced, damaged in place or made unreadable
 *     fails (or is found missing) at once with the same error. The writer's checkpoints change the
 *     file too, so a read after one opens afresh: a few opens per large import, not one per read.</li>
 * <li>A read that failed closes its connection instead of keeping it.</li>
 * <li>At most {@link #MAX_IDLE} idle connections (each read takes one of its own while it runs); all of
 *     them are closed by {@link #close()}, which the archive calls before it closes its writer, so the
 *     writer is the last connection and removes the WAL as before.</li>
 * </ul>
 *
 * <p>Only writable archives use it: a read-only archive's connections could outlive the writable
 * archive another part of the same process opens on the same file, and keep its WAL from being
 * removed when that closes, so read-only archives open one connection per read as before.
 *
 * <p>Thread-safe: a connection is used by one read at a time.
 */
final class ReadConnections implements ConnectionFactory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadConnections.class);
    /** Idle connections kept at most: the sync engine's threads, the UI and the main thread. */
    static final int MAX_IDLE = 4;
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private final DataSource source;
    private final Path file;
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    /** Connections lent to a read now, with the state of the file when the read began. */
    private final Map<Connection, Object> lent = new IdentityHashMap<>();
    /** Lent connections whose read failed: closed when given back. */
    private final Set<Connection> failed = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;
    private long opened;

    private record Idle(Connection connection, Object fileState) {
    }

    ReadConnections(DataSource source, Path file) {
        this.source = source;
        this.file = file;
    }

    @Override
    public Connection openConnection() throws SQLException {
        Object state = connectionState();
        List<Connection> stale = new java.util.ArrayList<>();
        Connection reused = null;
        synchronized (this) {
            // Idle connections opened or last used on the file as it is now are kept; any other is closed.
            ArrayDeque<Idle> current = new ArrayDeque<>();
            for (Idle candidate : idle) {
                if (state != null && state.equals(candidate.fileState())) {
                    current.addLast(candidate);
                } else {
                    stale.add(candidate.connection());
                }
            }
            idle.clear();
            idle.addAll(current);
            if (!idle.isEmpty()) {
                reused = idle.pop().connection();
                lent.put(reused, state);
            }
        }
        closeQuietly(stale);
        if (reused != null) {
            return reused;
        }
        Connection fresh = SearchIndex.attachTo(source.getConnection(), file);
        synchronized (this) {
            opened++;
            lent.put(fresh, state == null ? new Object() : state);
        }
        return fresh;
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        boolean keep;
        synchronized (this) {
            Object state = lent.remove(connection);
            boolean broken = failed.remove(connection);
            keep = !closed && !broken && state != null && idle.size() < MAX_IDLE && reusable(connection);
            if (keep) {
                idle.push(new Idle(connection, state));
            }
        }
        if (!keep) {
            connection.close();
        }
    }

    /** The read on {@code connection} failed: it is closed when the read gives it back. */
    synchronized void discard(Connection connection) {
        if (lent.containsKey(connection)) {
            failed.add(connection);
        }
    }

    /** Connections opened so far (reads served by an idle one do not count). */
    synchronized long opened() {
        return opened;
    }

    /** Idle connections now. */
    synchronized int idle() {
        return idle.size();
    }

    @Override
    public void close() {
        List<Connection> toClose = new java.util.ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.forEach(entry -> toClose.add(entry.connection()));
            idle.clear();
        }
        closeQuietly(toClose);
    }

    private static boolean reusable(Connection connection) {
        try {
            return !connection.isClosed() && connection.getAutoCommit();
        } catch (SQLException e) {
            return false;
        }
    }

    private void closeQuietly(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("Closing an idle read connection of {} failed: {}", file, e.getMessage());
            }
        }
    }

    /**
     * The archive file's state ({@link #fileState}) and which search file a connection opened now attaches
     * ({@link SearchIndex#attach}): the search file's identity (device and inode), or none. A search file
     * made anew (rebuilt, or made where there was none) is attached by new connections only, so the idle
     * ones are closed then; its size and times change with every commit of the indexer and do not count.
     */
    private Object connectionState() {
        Object archive = fileState(file);
        if (archive == null) {
            return null;
        }
        Object search;
        try {
            search = Files.readAttributes(SearchIndex.fileFor(file), BasicFileAttributes.class).fileKey();
        } catch (IOException | UnsupportedOperationException e) {
            search = "none";
        }
        return java.util.Arrays.asList(archive, search);
    }

    /**
     * What must be unchanged for an idle connection to be used again: the file's device and inode (not
     * replaced), size and change time (not written outside the WAL, not made unreadable). {@code null}
     * when the file cannot be looked at (removed, no access): no idle connection is used then.
     */
    static Object fileState(Path file) {
        try {
            if (UNIX) {
                Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino,size,ctime,lastModifiedTime");
                return List.of(unix.get("dev"), unix.get("ino"), unix.get("size"), unix.get("ctime"),
                        unix.get("lastModifiedTime"));
            }
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.Arrays.asList(basic.fileKey(), basic.size(), basic.lastModifiedTime(), basic.creationTime(),
                    Files.isReadable(file));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "read connections of " + Objects.toString(file);
    }
}

package dev.chatarchive.host.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * The statements {@link MessageStore#insertIfAbsent} prepares, kept prepared on their handle from one call to the
 * next and closed when the handle closes. Preparing a 2,500-row INSERT cost SQLite about 5.5 ms of CPU (its
 * 20,000 parameters and 2,500 rows of VALUES are compiled each time), and every page of the sync engine prepared
 * one anew: about 370 prepares, over a second of the storing thread's CPU, for a 1,000,000-message import
 * (docs/benchmarks.md, session 8: store). Kept, each shape is prepared once per handle: the archive's writer
 * handle lives as long as the archive is open.
 *
 * <p>Held as the handle's own configuration ({@link Handle#getConfig(Class)}): a handle opened from the same
 * {@code Jdbi} starts with none ({@link #createCopy()} copies nothing), so statements never cross from one
 * connection to another. At most {@link #MOST} statements are kept (a 2,500-row statement holds about 1.9 MB of
 * SQLite's memory); the one used least recently is closed to make room. Used by one thread at a time, as its
 * handle is (the archive's writes run under one lock).
 */
public final class InsertStatements implements JdbiConfig<InsertStatements> {

    /**
     * Statements kept per handle at most: every shape of {@link MessageStore#shapeRows} from 500 rows up (five),
     * the two queries beside them, and a few small ones.
     */
    static final int MOST = 12;

    private final Map<Object, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, PreparedStatement> eldest) {
            if (size() > MOST) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    private Handle cleaned;
    private long prepared;

    /** For Jdbi, which makes the first one of a handle (empty). */
    public InsertStatements() {
    }

    /** The statements kept on {@code handle} (none the first time). */
    static InsertStatements of(Handle handle) {
        InsertStatements kept = handle.getConfig(InsertStatements.class);
        if (kept.cleaned != handle) {
            // The first use on this handle: close what it keeps when the handle closes.
            kept.cleaned = handle;
            handle.addCleanable(kept::close);
        }
        return kept;
    }

    /** A copy for a new handle or statement context keeps nothing: a statement belongs to its connection. */
    @Override
    public InsertStatements createCopy() {
        return new InsertStatements();
    }

    /** The statement kept under {@code key}, or null. */
    PreparedStatement get(Object key) {
        return statements.get(key);
    }

    /** Keeps {@code statement} under {@code key}, prepared on {@code handle}'s connection from {@code sql}. */
    PreparedStatement prepare(Handle handle, Object key, String sql) throws SQLException {
        PreparedStatement statement = handle.getConnection().prepareStatement(sql);
        prepared++;
        statements.put(key, statement);
        return statement;
    }

    /** Closes and forgets the statement under {@code key}: after it failed, it is prepared afresh next time. */
    void discard(Object key) {
        PreparedStatement statement = statements.remove(key);
        if (statement != null) {
            closeQuietly(statement);
        }
    }

    /** How many statements were prepared on this handle so far (tests: kept ones are not prepared again). */
    long prepared() {
        return prepared;
    }

    /** How many statements are kept now. */
    int kept() {
        return statements.size();
    }

    /** Closes every kept statement (when the handle closes). */
    void close() {
        List<PreparedStatement> all = new ArrayList<>(statements.values());
        statements.clear();
        all.forEach(InsertStatements::closeQuietly);
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Closing a statement fails only with its connection, which reports it itself.
        }
    }
}

package dev.chatarchive.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.progress.ProgressListener;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * For tests that search what they stored: the search index is written beside the archive by its own
 * thread ({@link SearchIndex}), so a test lets it catch up before it searches, and checks it against the
 * archive's rows.
 */
public final class SearchIndexChecks {

    private SearchIndexChecks() {
    }

    /**
     * Opens the archive at {@code file} for writing with its search index paused: nothing is indexed until
     * {@link #step} or {@link #catchUp} (tests that need messages not indexed yet: a backlog that shrinks).
     */
    public static Archive openPaused(java.nio.file.Path file, java.time.Clock clock) {
        return Archive.openWithManualIndex(file, clock, 2);
    }

    /** One step of a paused index ({@link #openPaused}): two new messages, or the pending changes. */
    public static boolean step(Archive archive) {
        try {
            return archive.searchIndex().step();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Steps a paused index ({@link #openPaused}) until it is current. */
    public static void catchUp(Archive archive) {
        while (step(archive)) {
            // one batch a step
        }
    }

    /** Attaches the search file of the archive at {@code file} to {@code handle}, as every read connection has it. */
    public static void attach(org.jdbi.v3.core.Handle handle, java.nio.file.Path file) {
        try {
            SearchIndex.attach(handle.getConnection(), file);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the index holds everything committed so far. */
    public static void current(Archive archive) {
        assertTrue(archive.awaitSearchIndex(ProgressListener.NONE), "the search index caught up");
    }

    /**
     * Lets the index catch up, then checks it: FTS5's own integrity check on the search file, and its rows
     * are exactly the archive's messages by search key, each once.
     */
    public static void assertIntact(Archive archive) {
        current(archive);
        try (Connection search = DriverManager.getConnection("jdbc:sqlite:" + SearchIndex.fileFor(archive.file()));
             Statement statement = search.createStatement()) {
            statement.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')");
        } catch (SQLException e) {
            throw new AssertionError("The search index fails its integrity check: " + e.getMessage(), e);
        }
        List<Long> indexed = archive.read(s -> s.handle().createQuery("SELECT rowid FROM search.messages_fts ORDER BY rowid")
                .mapTo(Long.class).list());
        List<Long> keys = archive.read(s -> s.handle().createQuery("SELECT search_key FROM message_rows ORDER BY search_key")
                .mapTo(Long.class).list());
        assertEquals(keys, indexed, "the index holds every message's key once, and no other");
    }
}

package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import dev.chatarchive.api.ProviderEvent.RevisionKind;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.progress.WorkProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index in its own file ({@link SearchIndex}): what it holds follows the archive's rows through
 * inserts, deletes, edits, new times, merges and row ids handed out again, across stops and restarts, and a
 * file that cannot be used is made anew. Most tests step the indexer by hand ({@link
 * Archive#openWithManualIndex}), so that what the file holds after each step is known.
 */
class SearchIndexTest {

    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path folder;
    Archive archive;

    @AfterEach
    void close() {
        if (archive != null) {
            archive.close();
        }
    }

    private Path file() {
        return folder.resolve("archive.db");
    }

    private Archive openManual(int batchRows) {
        archive = Archive.openWithManualIndex(file(), CLOCK, batchRows);
        return archive;
    }

    private static HistoricalMessage text(String id, String content, Instant time) {
        return HistoricalMessage.text(id, CHAT, "31622222222@s.whatsapp.net", content, time, false);
    }

    private void store(HistoricalMessage... messages) {
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(messages)));
    }

    /** Runs steps until the indexer says there is nothing more; returns how many did work. */
    private int catchUp() throws SQLException {
        int steps = 0;
        while (archive.searchIndex().step()) {
            steps++;
        }
        return steps;
    }

    /** The index's rows, read from the search file: key -> the archive's row with that key (its text). */
    private Map<Long, String> indexed() {
        return archive.read(session -> {
            Map<Long, String> rows = new TreeMap<>();
            session.handle().createQuery("SELECT f.rowid AS k, m.content FROM search.messages_fts f "
                            + "LEFT JOIN message_rows m ON m.search_key = f.rowid")
                    .mapToMap().forEach(row -> rows.put(((Number) row.get("k")).longValue(), (String) row.get("content")));
            return rows;
        });
    }

    /** What the index should hold: every row's key and text. */
    private Map<Long, String> expected() {
        return archive.read(session -> {
            Map<Long, String> rows = new TreeMap<>();
            session.handle().createQuery("SELECT search_key AS k, content FROM message_rows")
                    .mapToMap().forEach(row -> rows.put(((Number) row.get("k")).longValue(), (String) row.get("content")));
            return rows;
        });
    }

    /** The ids of the messages a word finds, through the index (newest first). */
    private List<String> find(String word) {
        return archive.read(session -> session.handle().createQuery("SELECT m.id FROM search.messages_fts f "
                        + "JOIN message_rows m ON m.search_key = f.rowid WHERE messages_fts MATCH :word ORDER BY f.rowid DESC")
                .bind("word", word).mapTo(String.class).list());
    }

    /** How many keys of the index a word matches (whether the archive still holds them or not). */
    private long matches(String word) {
        return archive.read(session -> session.handle().createQuery("SELECT count(*) FROM search.messages_fts "
                + "WHERE messages_fts MATCH :word").bind("word", word).mapTo(Long.class).one());
    }

    /** Every key the index holds, with how many times: a key twice would be a double. */
    private long indexedCount() {
        return archive.read(session -> session.handle().createQuery("SELECT count(*) FROM search.messages_fts")
                .mapTo(Long.class).one());
    }

    private void assertIndexMatchesRows() {
        assertEquals(expected(), indexed());
        assertEquals(expected().size(), indexedCount());
    }

    @Test
    void newRows_areIndexedByTheIndexerNotByTheStore() throws SQLException {
        openManual(10);
        store(text("a", "lunch tomorrow", START), text("b", "dinner tonight", START.plusSeconds(1)));

        assertEquals(List.of(), find("lunch"), "the store indexes nothing itself");
        assertEquals(new SearchBacklog(2, 0, true), archive.searchBacklog());
        catchUp();

        assertEquals(List.of("a"), find("lunch"));
        assertEquals(List.of("b"), find("tonight"));
        assertEquals(SearchBacklog.CURRENT, archive.searchBacklog());
        assertIndexMatchesRows();
    }

    @Test
    void manyRows_goInBatchesAndEachBatchCommitsItsState() throws SQLException {
        openManual(7);
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(text("m" + i, "word" + (i % 5) + " number" + i, START.plusSeconds(50 - i)));
        }
        store(messages.toArray(HistoricalMessage[]::new));

        assertTrue(archive.searchIndex().step());
        assertEquals(43, archive.searchBacklog().messages());
        assertEquals(7, indexedCount());
        assertEquals(8, catchUp() + 1);
        assertIndexMatchesRows();
        assertEquals(10, find("word3").size());
    }

    @Test
    void deleteEditRetimeAndRevision_areReflected() throws SQLException {
        openManual(100);
        store(text("a", "alpha one", START), text("b", "bravo two", START.plusSeconds(1)),
                text("c", "charlie three", START.plusSeconds(2)), text("d", "delta four", START.plusSeconds(3)));
        catchUp();

        archive.write(session -> session.handle().execute("DELETE FROM message_rows WHERE id = 'a'"));
        archive.write(session -> session.messages().applyRevision(
                new MessageRevised(CHAT, "b", RevisionKind.EDITED, "bravo edited", null, START)));
        archive.write(session -> session.handle().execute("UPDATE message_rows SET timestamp = timestamp + 60000 WHERE id = 'c'"));
        archive.write(session -> session.messages().applyRevision(
                new MessageRevised(CHAT, "d", RevisionKind.DELETED, "", null, START)));
        assertEquals(1, matches("alpha"), "not applied yet");
        assertEquals(4, archive.searchBacklog().changes());
        catchUp();

        assertEquals(0, matches("alpha"));
        assertEquals(0, matches("two"));
        assertEquals(List.of("b"), find("edited"));
        assertEquals(List.of("c"), find("charlie"));
        assertEquals(0, matches("delta"));
        assertEquals(List.of("d"), find("deleted"));
        assertIndexMatchesRows();
        assertEquals(SearchBacklog.CURRENT, archive.searchBacklog());
    }

    @Test
    void retimeIntoTheSlotAnotherMessageLeft_keepsBothRight() throws SQLException {
        openManual(100);
        store(text("x", "xray", START), text("y", "yankee", START.plusSeconds(5)));
        catchUp();
        // x leaves its millisecond; y moves into it and takes the key x had.
        archive.write(session -> session.handle().execute("UPDATE message_rows SET timestamp = timestamp + 1000 WHERE id = 'x'"));
        archive.write(session -> session.handle().execute("UPDATE message_rows SET timestamp = "
                + START.toEpochMilli() + " WHERE id = 'y'"));
        catchUp();

        assertEquals(List.of("x"), find("xray"));
        assertEquals(List.of("y"), find("yankee"));
        assertIndexMatchesRows();
    }

    @Test
    void chatMerge_isReflected() throws SQLException {
        openManual(100);
        String other = "31633333333@s.whatsapp.net";
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(
                text("a", "merge me", START),
                HistoricalMessage.text("a", other, "31622222222@s.whatsapp.net", "merge me", START, false),
                HistoricalMessage.text("b", other, "31622222222@s.whatsapp.net", "only here", START.plusSeconds(9), false))));
        catchUp();

        archive.write(session -> session.merge(other, CHAT));
        catchUp();

        assertIndexMatchesRows();
        assertEquals(1, find("merge").size());
        assertEquals(List.of("b"), find("here"));
    }

    @Test
    void tailDeletedThenRowIdsHandedOutAgain_areIndexedAsNewRows() throws SQLException {
        openManual(100);
        store(text("a", "apple", START), text("b", "banana", START.plusSeconds(1)), text("c", "cherry", START.plusSeconds(2)));
        catchUp();
        long maxBefore = archive.read(s -> s.handle().createQuery("SELECT max(row_id) FROM message_rows").mapTo(Long.class).one());

        archive.write(session -> session.handle().execute("DELETE FROM message_rows WHERE id IN ('b', 'c')"));
        store(text("d", "damson", START.plusSeconds(3)), text("e", "elderberry", START.plusSeconds(4)));
        long maxAfter = archive.read(s -> s.handle().createQuery("SELECT max(row_id) FROM message_rows").mapTo(Long.class).one());
        assertEquals(maxBefore, maxAfter, "SQLite handed the deleted rows' ids out again");
        catchUp();

        assertEquals(List.of("d"), find("damson"));
        assertEquals(List.of("e"), find("elderberry"));
        assertEquals(0, matches("cherry"));
        assertIndexMatchesRows();
    }

    @Test
    void stoppedBetweenBatches_resumesOnReopenWithoutLossOrDouble() throws SQLException {
        openManual(10);
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            messages.add(text("m" + i, "common word" + i, START.plusSeconds(i)));
        }
        store(messages.toArray(HistoricalMessage[]::new));
        archive.searchIndex().step();
        archive.searchIndex().step();
        archive.write(session -> session.handle().execute("DELETE FROM message_rows WHERE id = 'm3'"));
        archive.close();

        openManual(10);
        assertEquals(new SearchBacklog(15, 1, true), archive.searchBacklog());
        catchUp();

        assertIndexMatchesRows();
        assertEquals(34, find("common").size());
    }

    @Test
    void aStepThatFailsHalfway_leavesTheFileAsBeforeIt() throws Exception {
        openManual(10);
        store(text("a", "one", START));
        catchUp();
        store(text("b", "two", START.plusSeconds(1)));
        // A reader holding the search file's write lock makes the step's commit fail.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + SearchIndex.fileFor(file()));
             Statement statement = other.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            statement.execute("BEGIN IMMEDIATE");
            assertThrows(SQLException.class, () -> archive.searchIndex().step());
            statement.execute("ROLLBACK");
        }
        assertEquals(1, indexedCount());
        catchUp();
        assertIndexMatchesRows();
    }

    @Test
    void missingSearchFile_isRebuiltFromTheArchive() throws SQLException {
        openManual(100);
        store(text("a", "kept everywhere", START));
        catchUp();
        archive.close();
        deleteSearchFile();

        openManual(100);
        assertTrue(archive.searchBacklog().building());
        catchUp();
        assertEquals(List.of("a"), find("everywhere"));
        assertFalse(archive.searchBacklog().building());
    }

    @Test
    void damagedSearchFile_isRebuiltFromTheArchive() throws Exception {
        openManual(100);
        store(text("a", "kept everywhere", START));
        catchUp();
        archive.close();
        Files.write(SearchIndex.fileFor(file()), "this is not a database at all, just text".repeat(200).getBytes());

        openManual(100);
        catchUp();
        assertEquals(List.of("a"), find("everywhere"));
    }

    @Test
    void searchFileOfAnotherArchive_isRebuilt() throws Exception {
        Path otherFolder = Files.createDirectories(folder.resolve("other"));
        try (Archive other = Archive.openWithManualIndex(otherFolder.resolve("archive.db"), CLOCK, 100)) {
            other.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(text("z", "zebra", START))));
            while (other.searchIndex().step()) {
                // indexed
            }
        }
        openManual(100);
        store(text("a", "antelope", START));
        catchUp();
        archive.close();
        deleteSearchFile();
        Files.copy(SearchIndex.fileFor(otherFolder.resolve("archive.db")), SearchIndex.fileFor(file()));

        openManual(100);
        catchUp();
        assertEquals(List.of("a"), find("antelope"));
        assertEquals(List.of(), find("zebra"));
        assertIndexMatchesRows();
    }

    @Test
    void searchFileOfANewerFormat_isRebuilt() throws Exception {
        openManual(100);
        store(text("a", "antelope", START));
        catchUp();
        archive.close();
        try (Connection search = DriverManager.getConnection("jdbc:sqlite:" + SearchIndex.fileFor(file()));
             Statement statement = search.createStatement()) {
            statement.execute("PRAGMA user_version = " + (SearchIndex.FORMAT + 1));
            statement.execute("DELETE FROM messages_fts");
        }

        openManual(100);
        assertTrue(archive.searchBacklog().building());
        catchUp();
        assertEquals(List.of("a"), find("antelope"));
    }

    @Test
    void readOnlyArchive_searchesWhatTheFileHoldsAndSaysWhatIsLeft() throws SQLException {
        openManual(100);
        store(text("a", "first", START));
        catchUp();
        store(text("b", "first again", START.plusSeconds(1)));

        try (Archive reader = Archive.openReadOnly(file(), CLOCK)) {
            assertEquals(new SearchBacklog(1, 0, false), reader.searchBacklog());
            assertEquals(List.of("a"), reader.read(session -> session.handle().createQuery("SELECT m.id FROM "
                            + "search.messages_fts f JOIN message_rows m ON m.search_key = f.rowid WHERE messages_fts MATCH 'first'")
                    .mapTo(String.class).list()));
        }
    }

    @Test
    void secondProcess_cannotWriteTheSearchFile() {
        openManual(100);
        store(text("a", "guarded", START));
        // A second writer is refused by the archive's lock before it touches the search file.
        assertThrows(ArchiveInUseException.class, () -> Archive.open(file(), CLOCK));
        // A reader attaches it read-only.
        try (Archive reader = Archive.openReadOnly(file(), CLOCK)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> reader.read(session -> {
                try (Statement statement = session.handle().getConnection().createStatement()) {
                    statement.execute("INSERT INTO search.messages_fts (rowid, content) VALUES (1, 'x')");
                    return null;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertTrue(refused.getCause().getMessage().contains("readonly"), refused.getCause().getMessage());
        }
    }

    @Test
    void readOnlyArchiveWithoutSearchFile_findsNothingAndSaysItIsBuilding() throws SQLException {
        openManual(100);
        store(text("a", "nowhere", START));
        catchUp();
        archive.close();
        archive = null;
        deleteSearchFile();

        try (Archive reader = Archive.openReadOnly(file(), CLOCK)) {
            assertEquals(new SearchBacklog(1, 0, true), reader.searchBacklog());
            assertEquals(0L, (long) reader.read(session -> session.handle().createQuery(
                    "SELECT count(*) FROM search.messages_fts WHERE messages_fts MATCH 'nowhere'").mapTo(Long.class).one()));
        }
        assertFalse(Files.exists(SearchIndex.fileFor(file())), "a reader makes nothing");
    }

    @Test
    void appliedChanges_areTrimmedFromTheArchive() throws SQLException {
        openManual(100);
        store(text("a", "one", START), text("b", "two", START.plusSeconds(1)));
        catchUp();
        archive.write(session -> session.handle().execute("DELETE FROM message_rows WHERE id = 'a'"));
        catchUp();
        archive.searchIndex().trimNow();

        assertEquals(0L, (long) archive.read(s -> s.handle().createQuery("SELECT count(*) FROM search_changes")
                .mapTo(Long.class).one()));
        archive.write(session -> session.handle().execute("DELETE FROM message_rows WHERE id = 'b'"));
        assertEquals(1, archive.searchBacklog().changes(), "seq goes on after the trim");
        catchUp();
        assertIndexMatchesRows();
    }

    @Test
    void insertsAreNotLogged_onlyWhatTheyDoNotShow() {
        openManual(100);
        store(text("a", "one", START), text("b", "two", START));
        archive.write(session -> session.handle().execute("UPDATE message_rows SET reactions = '{}' WHERE id = 'a'"));

        assertEquals(0L, (long) archive.read(s -> s.handle().createQuery("SELECT count(*) FROM search_changes")
                .mapTo(Long.class).one()));
    }

    @Test
    void theThread_indexesWhatIsCommittedAndAwaitCurrentWaitsForIt() {
        archive = Archive.open(file(), CLOCK);
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            messages.add(text("m" + i, "threaded word" + i, START.plusSeconds(i)));
        }
        store(messages.toArray(HistoricalMessage[]::new));
        List<WorkProgress> told = new ArrayList<>();

        assertTrue(archive.awaitSearchIndex(told::add));

        assertEquals(SearchBacklog.CURRENT, archive.searchBacklog());
        assertEquals(2_000, find("threaded").size());
        told.forEach(progress -> assertEquals(SearchIndex.WAITING, progress.operation()));
        archive.write(session -> session.handle().execute("DELETE FROM message_rows WHERE id = 'm7'"));
        assertTrue(archive.awaitSearchIndex(ProgressListener.NONE));
        assertEquals(1_999, find("threaded").size());
    }

    @Test
    void identity_isKeptAcrossOpensAndDiffersBetweenArchives() throws Exception {
        openManual(100);
        String first = archive.read(s -> s.handle().createQuery("SELECT id FROM archive_identity").mapTo(String.class).one());
        archive.close();
        openManual(100);
        assertEquals(first, archive.read(s -> s.handle().createQuery("SELECT id FROM archive_identity").mapTo(String.class).one()));
        try (Archive other = Archive.open(folder.resolve("other.db"), CLOCK)) {
            assertNotEquals(first, other.read(s -> s.handle().createQuery("SELECT id FROM archive_identity")
                    .mapTo(String.class).one()));
        }
    }

    private void deleteSearchFile() {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(Path.of(SearchIndex.fileFor(file()) + suffix));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static long count(ResultSet rs) throws SQLException {
        return rs.next() ? rs.getLong(1) : 0;
    }
}

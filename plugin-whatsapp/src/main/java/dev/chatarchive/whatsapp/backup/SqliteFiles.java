package dev.chatarchive.whatsapp.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Opening SQLite files with the plugin's own sqlite-jdbc. Connections are made by
 * {@link SQLiteConfig#createConnection}, never through {@code DriverManager}, whose driver list is
 * shared by the whole JVM and would hand the host's copy of the driver to the plugin or the other
 * way round.
 */
public final class SqliteFiles {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFiles() {
    }

    /** Whether {@code file} starts with the SQLite header. */
    public static boolean isSqlite(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * How much of a working copy SQLite reads through a memory map instead of {@code read} calls. A
     * chat's pages are read in time order, which jumps across the whole file (the chats' messages are
     * interleaved), so nearly every message is a page the cache no longer holds: through a map that is
     * a pointer, through {@code read} a system call and a 4 KB copy into the cache (a fifth of the
     * read-ahead thread's CPU on a 700,000-message msgstore.db, docs/benchmarks.md). Capped, so that a
     * huge backup costs at most this much resident memory (the mapped pages are the file's own page
     * cache, which the system can take back); the part of a bigger file past it is read as before.
     */
    public static final long WORKING_COPY_MAP_BYTES = 128L << 20;

    /**
     * Opens a working copy the plugin owns, for reading and for adding indexes: no journal, no
     * syncing (a crash loses nothing: the copy is thrown away), read through a memory map of at most
     * {@link #WORKING_COPY_MAP_BYTES}.
     */
    public static Connection openWorkingCopy(Path file) throws SQLException {
        return openWorkingCopy(file, SQLiteConfig.JournalMode.OFF);
    }

    /**
     * Opens a working copy like {@link #openWorkingCopy}, but in WAL mode, so that one connection can
     * build an index while another reads: the reader goes on with the file as it was until the index is
     * committed, and neither waits for the other. Still not synced: the copy is thrown away after a crash.
     */
    public static Connection openWorkingCopyBesideReading(Path file) throws SQLException {
        return openWorkingCopy(file, SQLiteConfig.JournalMode.WAL);
    }

    private static Connection openWorkingCopy(Path file, SQLiteConfig.JournalMode journal) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(journal);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setTempStore(SQLiteConfig.TempStore.FILE);
        config.setCacheSize(-32_000);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(WORKING_COPY_MAP_BYTES));
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * Opens a file that is not ours (a contacts database, a backup's Manifest.db) strictly read-only
     * and immutable: SQLite writes nothing beside it, not even a journal or shared-memory file.
     */
    public static Connection openForeignReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri().toString().replace("file:///", "file:/") + "?immutable=1");
    }

    /** The tables of the database, lower-cased. */
    public static Set<String> tables(Connection connection) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    /** The columns of {@code table}, lower-cased; empty when there is no such table. */
    public static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA table_info(\"" + table.replace("\"", "") + "\")")) {
            while (rs.next()) {
                columns.add(rs.getString("name").toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    /**
     * Whether looking rows up by {@code column} of {@code table} needs no new index: the column is the
     * table's INTEGER PRIMARY KEY (the row id itself, as WhatsApp declares {@code message_row_id} in
     * most side tables) or the first column of an index the table already has that is not partial.
     */
    public static boolean isIndexed(Connection connection, String table, String column) throws SQLException {
        String quoted = "\"" + table.replace("\"", "") + "\"";
        if (isRowIdAlias(connection, table, column)) {
            return true;
        }
        List<String> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA index_list(" + quoted + ")")) {
            while (rs.next()) {
                if (rs.getInt("partial") == 0) { // a partial index (WHERE ...) does not serve every row
                    indexes.add(rs.getString("name"));
                }
            }
        }
        for (String index : indexes) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT name FROM pragma_index_info(" + literal(index)
                         + ") WHERE seqno = 0")) {
                if (rs.next() && column.equalsIgnoreCase(rs.getString(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code column} is the row id of {@code table} under another name: the table's only
     * primary key column, declared INTEGER, of a rowid table (such a key has no index of its own).
     */
    public static boolean isRowIdAlias(Connection connection, String table, String column) throws SQLException {
        List<String> primaryKey = new ArrayList<>();
        String primaryKeyType = "";
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA table_info(\"" + table.replace("\"", "") + "\")")) {
            while (rs.next()) {
                if (rs.getInt("pk") > 0) {
                    primaryKey.add(rs.getString("name"));
                    primaryKeyType = rs.getString("type");
                }
            }
        }
        return primaryKey.size() == 1 && primaryKey.get(0).equalsIgnoreCase(column)
                && "INTEGER".equalsIgnoreCase(primaryKeyType == null ? "" : primaryKeyType.strip())
                && number(connection, "SELECT COUNT(*) FROM pragma_index_list(" + literal(table) + ") WHERE origin = 'pk'") == 0;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Runs {@code sql}, which returns nothing. */
    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The single text {@code sql} returns ({@code null} for no row or NULL). */
    public static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The single number {@code sql} returns (0 for no row or NULL). */
    public static long number(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

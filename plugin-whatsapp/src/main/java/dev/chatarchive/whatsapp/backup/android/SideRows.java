package dev.chatarchive.whatsapp.backup.android;

import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;

/**
 * Which messages have a row in which side tables of a msgstore.db ({@code message_media},
 * {@code message_quoted}, {@code message_edit_info}, {@code message_add_on}, ...), read once, in one
 * pass over each table's message column. Most messages have a row in none of them, so a page that
 * looks a side table up only for the messages that have a row there skips most of the lookups a
 * join makes for every message (at 1,000,000 generated messages, the join to {@code message_media}
 * alone was about a third of SQLite's time reading the pages).
 *
 * <p>One bit per message row id between the backup's lowest and highest, per table: at most
 * {@link #SPAN_MAX} ids (4 MB a table); a backup whose row ids span more is read with the joins.
 */
final class SideRows {

    /** At most this many message row ids from the lowest to the highest (a bit each, per table). */
    static final long SPAN_MAX = 32L << 20;

    private final long lowest;
    private final long highest;
    /** By side: the bit set (a power of two) given to {@link #read}. */
    private final BitSet[] bySide = new BitSet[Integer.SIZE];
    private int sides;

    private SideRows(long lowest, long highest) {
        this.lowest = lowest;
        this.highest = highest;
    }

    /** Empty sets for the messages of {@code connection}; null when their row ids span more than {@code spanMax}. */
    static SideRows forMessages(Connection connection, long spanMax) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MIN(_id), MAX(_id) FROM message")) {
            if (!rs.next()) {
                return null;
            }
            long lowest = rs.getLong(1);
            long highest = rs.getLong(2);
            // highest - lowest below 0 with highest >= lowest: the span overflowed a long
            if (rs.wasNull() || highest < lowest || highest - lowest < 0 || highest - lowest >= spanMax) {
                return null;
            }
            return new SideRows(lowest, highest);
        }
    }

    /**
     * Reads which messages {@code table} has a row for, by its {@code column} (an integer column that
     * holds a message's row id), as {@code side} (a single bit).
     */
    void read(Connection connection, String table, String column, int side) throws SQLException {
        BitSet messages = new BitSet();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + column + " FROM " + table + " WHERE typeof(" + column
                     + ") = 'integer' AND " + column + " BETWEEN " + lowest + " AND " + highest)) {
            while (rs.next()) {
                messages.set((int) (rs.getLong(1) - lowest));
            }
        }
        bySide[Integer.numberOfTrailingZeros(side)] = messages;
        sides |= side;
    }

    /** The sides read that have a row for message {@code id}, as the bits given to {@link #read}. */
    int of(long id) {
        if (id < lowest || id > highest) {
            return 0;
        }
        int index = (int) (id - lowest);
        int found = 0;
        for (int rest = sides; rest != 0; rest &= rest - 1) {
            int side = Integer.numberOfTrailingZeros(rest);
            if (bySide[side].get(index)) {
                found |= 1 << side;
            }
        }
        return found;
    }

    /**
     * Whether {@code table} has at most one row for each message by {@code column}: the column is the
     * table's row id, or an integer column with a unique index of its own (a join to it then gives each
     * message once, as reading it apart does).
     */
    static boolean onePerMessage(Connection connection, String table, String column) throws SQLException {
        if (SqliteFiles.isRowIdAlias(connection, table, column)) {
            return true;
        }
        if (!holdsIntegers(connection, table, column)) {
            return false;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM pragma_index_list('" + table.replace("'", "''")
                     + "') l WHERE l.\"unique\" = 1 AND l.partial = 0 AND (SELECT COUNT(*) FROM pragma_index_info(l.name)) = 1"
                     + " AND (SELECT name FROM pragma_index_info(l.name)) = '" + column.replace("'", "''") + "' COLLATE NOCASE")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /** Whether {@code column} of {@code table} holds integers only as integers: the row id, or declared INTEGER. */
    static boolean holdsIntegers(Connection connection, String table, String column) throws SQLException {
        if (SqliteFiles.isRowIdAlias(connection, table, column)) {
            return true;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT type FROM pragma_table_info('" + table.replace("'", "''")
                     + "') WHERE name = '" + column.replace("'", "''") + "' COLLATE NOCASE")) {
            // SQLite's first affinity rule: a declared type containing INT gives INTEGER affinity, so a
            // number that is an integer is stored as one, and compares equal to a message's row id only so.
            return rs.next() && rs.getString(1) != null && rs.getString(1).toUpperCase(java.util.Locale.ROOT).contains("INT");
        }
    }
}

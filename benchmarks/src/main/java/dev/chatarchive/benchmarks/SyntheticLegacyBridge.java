package dev.chatarchive.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.function.LongConsumer;
import org.sqlite.SQLiteConfig;

/**
 * A generated baileys-bridge database (the seed's layout: {@code messages} with ISO text timestamps,
 * {@code chats}, the {@code sync_status} row, the bridge's two indexes) for the legacy adoption
 * benchmark: {@code rows} messages over 200 chats, a minute apart, texts in several scripts, one row
 * in five hundred breaking a rule the adoption checks (a time in the future, a chat id that is not a
 * chat JID), so the set-aside path is measured too. Written inside SQLite (one statement),
 * deterministic.
 */
final class SyntheticLegacyBridge {

    private SyntheticLegacyBridge() {
    }

    /** How many of a generated database's {@code rows} rows break a rule (and must be set aside). */
    static long breakingRows(long rows) {
        return breaking(rows, 997) + breaking(rows, 998);
    }

    /** How many of {@code rows} rows have {@code i % 1000 == remainder}. */
    private static long breaking(long rows, long remainder) {
        return rows / 1000 + (rows % 1000 > remainder ? 1 : 0);
    }

    /** Writes {@code rows} message rows into a new file {@code target}; returns the rows that break a rule. */
    static long write(Path target, long rows) throws Exception {
        return write(target, rows, written -> { });
    }

    /** Rows written by one statement (and reported once). */
    private static final long ROWS_PER_STATEMENT = 50_000;

    /**
     * Writes {@code rows} message rows into a new file {@code target}, telling {@code written} how many are
     * in after each slice; returns the rows that break a rule.
     */
    static long write(Path target, long rows, LongConsumer written) throws Exception {
        Files.deleteIfExists(target);
        Files.createDirectories(target.getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        try (Connection db = config.createConnection("jdbc:sqlite:" + target.toAbsolutePath());
             Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE chats (jid TEXT PRIMARY KEY, name TEXT, last_message_time TEXT)");
            statement.execute("CREATE TABLE messages (id TEXT PRIMARY KEY, chat_jid TEXT NOT NULL, sender TEXT NOT NULL,"
                    + " content TEXT NOT NULL, timestamp DATETIME NOT NULL, is_from_me BOOLEAN NOT NULL DEFAULT 0,"
                    + " created_at DATETIME DEFAULT CURRENT_TIMESTAMP)");
            statement.execute("CREATE INDEX idx_messages_chat_jid ON messages(chat_jid)");
            statement.execute("CREATE INDEX idx_messages_timestamp ON messages(timestamp DESC)");
            statement.execute("CREATE TABLE sync_status (id INTEGER PRIMARY KEY CHECK(id = 1), is_syncing BOOLEAN NOT NULL"
                    + " DEFAULT 0, messages_synced INTEGER NOT NULL DEFAULT 0, last_sync_time DATETIME, progress_percent"
                    + " INTEGER, is_latest BOOLEAN NOT NULL DEFAULT 0)");
            statement.execute("INSERT INTO sync_status VALUES (1, 0, " + rows + ", '2024-02-01 08:00:00', 100, 1)");
            statement.execute("WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 199) "
                    + "INSERT INTO chats SELECT CASE WHEN i % 10 = 0 THEN '1203630000' || (100000 + i) || '@g.us' "
                    + "ELSE '3161' || (1000000 + i) || '@s.whatsapp.net' END, 'Chat ' || i, NULL FROM c");
            try (PreparedStatement insert = db.prepareStatement("WITH RECURSIVE n(i) AS (SELECT ? UNION ALL "
                    + "SELECT i + 1 FROM n WHERE i < ? - 1), "
                    + "w(k, word) AS (VALUES (0, 'climbing'), (1, 'café'), (2, '東京'), (3, 'привет'), (4, 'Grüße'), "
                    + "(5, 'hola'), (6, 'ναι'), (7, '😀'), (8, 'tomorrow'), (9, 'water')) "
                    + "INSERT INTO messages (id, chat_jid, sender, content, timestamp, is_from_me) "
                    + "SELECT 'M' || i, "
                    + "CASE WHEN i % 1000 = 998 THEN 'status@broadcast' WHEN i % 200 % 10 = 0 "
                    + "THEN '1203630000' || (100000 + i % 200) || '@g.us' ELSE '3161' || (1000000 + i % 200) || '@s.whatsapp.net' END, "
                    + "CASE WHEN i % 3 = 0 THEN 'me' ELSE '3162' || (1000000 + i % 37) || '@s.whatsapp.net' END, "
                    + "'message ' || i || ' ' || (SELECT word FROM w WHERE k = i % 10) || ' see you there ' "
                    + "|| (SELECT word FROM w WHERE k = i % 7), "
                    + "CASE WHEN i % 1000 = 997 THEN '2099-01-01T00:00:00.000Z' "
                    + "ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 1600000000 + i * 60, 'unixepoch') END, i % 3 = 0 FROM n")) {
                written.accept(0);
                for (long from = 0; from < rows; from += ROWS_PER_STATEMENT) {
                    long to = Math.min(rows, from + ROWS_PER_STATEMENT);
                    insert.setLong(1, from);
                    insert.setLong(2, to);
                    insert.executeUpdate();
                    written.accept(to);
                }
            }
        }
        return breakingRows(rows);
    }
}

package dev.chatarchive.benchmarks;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.store.Archive;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;

/**
 * The baseline: plain JDBC inserts of a corpus into the archive's own schema (same table, same
 * indexes, same triggers), in large transactions, with nothing else. The full-text index is written
 * beside them by the archive's own indexer thread (docs/schema.md, "Search index file"); {@link #write}
 * returns when it has caught up, but times the inserts only. The sync engine's ingest
 * rate is reported against this. Also how the big benchmark archives are built.
 *
 * <p>Written the way the archive is cheapest to fill, as the host's MessageStore does: every message
 * of every chat in time order (the full-text index is keyed by time, and FTS5 starts a new segment
 * whenever a key is lower than the one before), {@value #ROWS_PER_STATEMENT} rows per INSERT
 * statement (FTS5 flushes its pending terms as a segment at each statement's savepoint, so one-row
 * statements wrote a segment per message).
 */
final class RawArchiveWriter {

    /** Rows per INSERT: 9 parameters a row stays far below SQLite's limit of 32,766. */
    static final int ROWS_PER_STATEMENT = 500;

    private static final int TRANSACTION_SIZE = 50_000;

    /**
     * SQLite's page cache for the writing connection, in KiB when negative: the host's writer's 32 MB
     * (Archive.WRITER_CACHE_SIZE), so the insert limit is measured on the same footing as the import.
     */
    static final int CACHE_SIZE = Integer.getInteger("chatarchive.benchmark.cacheKb", 32_768) * -1;

    private static final String COLUMNS = "INSERT INTO message_rows (id, chat_key, sender, sender_name, content, timestamp, "
            + "is_from_me, message_type, is_edited, created_at) VALUES ";

    private RawArchiveWriter() {
    }

    /** Writes every message of {@code corpus} and returns how long the inserts took, in nanoseconds. */
    static long write(Archive archive, SyntheticCorpus corpus) {
        return write(archive, corpus, written -> { });
    }

    /**
     * Writes every message of {@code corpus}, telling {@code committed} how many are in after each
     * transaction, and returns how long the inserts took, in nanoseconds.
     */
    static long write(Archive archive, SyntheticCorpus corpus, LongConsumer committed) {
        try (Handle handle = archive.jdbi().open()) {
            Connection connection = handle.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA cache_size = " + CACHE_SIZE);
            }
            connection.setAutoCommit(false);
            Map<String, Long> chatKeys = insertChats(connection, corpus);
            long started = System.nanoTime();
            try (PreparedStatement full = connection.prepareStatement(insertSql(ROWS_PER_STATEMENT))) {
                Iterator<HistoricalMessage> messages = inTimeOrder(corpus);
                List<HistoricalMessage> rows = new ArrayList<>(ROWS_PER_STATEMENT);
                long written = 0;
                while (messages.hasNext()) {
                    rows.add(messages.next());
                    if (rows.size() == ROWS_PER_STATEMENT) {
                        insert(full, rows, chatKeys);
                        written += rows.size();
                        rows.clear();
                        if (written % TRANSACTION_SIZE == 0) {
                            connection.commit();
                            committed.accept(written);
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    try (PreparedStatement last = connection.prepareStatement(insertSql(rows.size()))) {
                        insert(last, rows, chatKeys);
                    }
                }
                connection.commit();
                committed.accept(written + rows.size());
            }
            long elapsed = System.nanoTime() - started;
            try (Statement statement = connection.createStatement()) {
                statement.execute("UPDATE chats SET message_count = (SELECT count(*) FROM message_rows m WHERE "
                        + "m.chat_key = chats.chat_key), last_activity = (SELECT max(timestamp) FROM message_rows m WHERE "
                        + "m.chat_key = chats.chat_key)");
                connection.commit();
            }
            connection.setAutoCommit(true);
            // The search index is written beside the archive by its own thread (docs/schema.md, "Search index
            // file"); what reads the archive next expects to find every message, so it catches up first
            // (not counted in the inserts' time: the app's own writes do not wait for it either).
            if (!archive.awaitSearchIndex(ProgressListener.NONE)) {
                throw new IllegalStateException("The search index of " + archive.file() + " could not catch up (see the log)");
            }
            return elapsed;
        } catch (SQLException e) {
            throw new IllegalStateException("Raw insert failed: " + e.getMessage(), e);
        }
    }

    /**
     * The corpus's messages, oldest first across all chats (ties in chat order): a merge of the chats'
     * own time-ordered streams, so the corpus is never held in memory.
     */
    static Iterator<HistoricalMessage> inTimeOrder(SyntheticCorpus corpus) {
        record Head(HistoricalMessage message, int chat, Iterator<HistoricalMessage> rest) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head head) -> head.message().timestamp())
                .thenComparingInt(Head::chat));
        for (int chat = 0; chat < corpus.chatCount(); chat++) {
            Iterator<HistoricalMessage> messages = corpus.messages(chat);
            if (messages.hasNext()) {
                heads.add(new Head(messages.next(), chat, messages));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public HistoricalMessage next() {
                Head head = heads.remove();
                if (head.rest().hasNext()) {
                    heads.add(new Head(head.rest().next(), head.chat(), head.rest()));
                }
                return head.message();
            }
        };
    }

    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(COLUMNS.length() + rows * 24).append(COLUMNS);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,0,?)");
        }
        return sql.toString();
    }

    /** Writes the corpus's chats; returns each chat's integer key (schema version 7), by chat id. */
    private static Map<String, Long> insertChats(Connection connection, SyntheticCorpus corpus) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO chats (chat_jid, provider_id, "
                + "title, is_group, created_at, updated_at) VALUES (?, 'bench', ?, ?, 0, 0)")) {
            for (int chat = 0; chat < corpus.chatCount(); chat++) {
                insert.setString(1, SyntheticCorpus.chatId(chat));
                insert.setString(2, SyntheticCorpus.title(chat));
                insert.setInt(3, chat % 5 == 0 ? 1 : 0);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
        Map<String, Long> keys = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet chats = statement.executeQuery("SELECT chat_jid, chat_key FROM chats")) {
            while (chats.next()) {
                keys.put(chats.getString(1), chats.getLong(2));
            }
        }
        return keys;
    }

    private static void insert(PreparedStatement insert, List<HistoricalMessage> rows, Map<String, Long> chatKeys)
            throws SQLException {
        int p = 1;
        for (HistoricalMessage message : rows) {
            insert.setString(p++, message.id());
            insert.setLong(p++, chatKeys.get(message.chatId()));
            insert.setString(p++, message.sender());
            insert.setString(p++, message.senderName());
            insert.setString(p++, message.content());
            insert.setLong(p++, message.timestamp().toEpochMilli());
            insert.setInt(p++, message.fromMe() ? 1 : 0);
            insert.setString(p++, message.type().wireName());
            insert.setLong(p++, 0);
        }
        insert.executeUpdate();
    }
}

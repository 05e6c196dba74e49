package dev.chatarchive.benchmarks;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.store.Archive;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;

/**
 * The baseline: plain JDBC batch inserts of a corpus into the archive's own schema (same table, same
 * indexes, same FTS triggers), in large transactions, with nothing else. The sync engine's ingest
 * rate is reported against this. Also how the big benchmark archives are built.
 */
final class RawArchiveWriter {

    private static final int TRANSACTION_SIZE = 50_000;

    private RawArchiveWriter() {
    }

    /** Writes every message of {@code corpus} and returns how long the inserts took, in nanoseconds. */
    static long write(Archive archive, SyntheticCorpus corpus) {
        try (Handle handle = archive.jdbi().open()) {
            Connection connection = handle.getConnection();
            connection.setAutoCommit(false);
            insertChats(connection, corpus);
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, chat_jid, sender, "
                    + "sender_name, content, timestamp, is_from_me, message_type, is_edited, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
                long[] pending = {0};
                for (int chat = 0; chat < corpus.chatCount(); chat++) {
                    corpus.forEachMessage(chat, message -> {
                        add(insert, message);
                        if (++pending[0] % 1_000 == 0) {
                            executeBatch(insert);
                        }
                        if (pending[0] % TRANSACTION_SIZE == 0) {
                            commit(connection);
                        }
                    });
                }
                insert.executeBatch();
                connection.commit();
            }
            long elapsed = System.nanoTime() - started;
            try (Statement statement = connection.createStatement()) {
                statement.execute("UPDATE chats SET message_count = (SELECT count(*) FROM messages m WHERE "
                        + "m.chat_jid = chats.chat_jid), last_activity = (SELECT max(timestamp) FROM messages m WHERE "
                        + "m.chat_jid = chats.chat_jid)");
                connection.commit();
            }
            connection.setAutoCommit(true);
            return elapsed;
        } catch (SQLException e) {
            throw new IllegalStateException("Raw insert failed: " + e.getMessage(), e);
        }
    }

    private static void insertChats(Connection connection, SyntheticCorpus corpus) throws SQLException {
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
    }

    private static void add(PreparedStatement insert, HistoricalMessage message) {
        try {
            insert.setString(1, message.id());
            insert.setString(2, message.chatId());
            insert.setString(3, message.sender());
            insert.setString(4, message.senderName());
            insert.setString(5, message.content());
            insert.setLong(6, message.timestamp().toEpochMilli());
            insert.setInt(7, message.fromMe() ? 1 : 0);
            insert.setString(8, message.type().wireName());
            insert.setLong(9, 0);
            insert.addBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void executeBatch(PreparedStatement insert) {
        try {
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void commit(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

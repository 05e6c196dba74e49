package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark archives: written with multi-row statements in time order, they hold the same rows
 * and give the same search results as one-row inserts chat by chat (how they were written before),
 * with a full-text index written a statement at a time, not a message at a time.
 */
class RawArchiveWriterTest {

    private static final int MESSAGES = 5_000;

    @TempDir
    Path folder;

    @Test
    void write_sameRowsChatsAndSearchResultsAsOneRowInserts_inTimeOrder_withAFewIndexWritesPerStatement() {
        SyntheticCorpus corpus = new SyntheticCorpus(MESSAGES, 42);
        try (Archive written = Archive.open(folder.resolve("written.db"), Clock.systemUTC());
             Archive reference = Archive.open(folder.resolve("reference.db"), Clock.systemUTC())) {
            RawArchiveWriter.write(written, corpus);
            oneRowPerStatement(reference, corpus);
            assertTrue(reference.awaitSearchIndex(ProgressListener.NONE));

            assertEquals(MESSAGES, rows(reference).size());
            assertEquals(rows(reference), rows(written));
            assertEquals(query(reference, "SELECT chat_jid, provider_id, title, is_group, message_count, last_activity "
                    + "FROM chats ORDER BY chat_jid"), query(written, "SELECT chat_jid, provider_id, title, is_group, "
                    + "message_count, last_activity FROM chats ORDER BY chat_jid"));
            for (String word : List.of(SyntheticCorpus.COMMON_WORD, "привет", "今日", "hola", "mañana", "tomor*")) {
                List<String> hits = hits(reference, word);
                assertTrue(!hits.isEmpty(), word);
                assertEquals(hits, hits(written, word), word);
            }
            // Stored oldest first across chats: no message's search key is below the one stored before it.
            assertEquals(0L, ((Number) query(written, "SELECT count(*) AS n FROM messages a JOIN messages b "
                    + "ON b.row_id = a.row_id + 1 WHERE b.search_key < a.search_key").get(0).get("n")).longValue());
            // The search index (its own file, written by the archive's indexer thread since schema version 9) wrote
            // a segment (a few leaf pages) per batch of rows, not one or more per message, however the rows went in.
            long leaves = fullTextLeavesWritten(written);
            assertTrue(leaves < MESSAGES / 20, "the full-text index wrote " + leaves + " leaf pages for "
                    + MESSAGES + " messages");
        }
    }

    @Test
    void write_reportsTheMessagesInAfterEachTransaction_endingWithAll() {
        SyntheticCorpus corpus = new SyntheticCorpus(60_250, 42);
        List<Long> reports = new java.util.ArrayList<>();
        try (Archive written = Archive.open(folder.resolve("written.db"), Clock.systemUTC())) {
            RawArchiveWriter.write(written, corpus, reports::add);

            assertEquals(List.of(50_000L, corpus.totalMessages()), reports);
            assertEquals(corpus.totalMessages(), ((Number) query(written, "SELECT count(*) AS n FROM messages").get(0)
                    .get("n")).longValue());
        }
    }

    @Test
    void inTimeOrder_givesEveryMessageOnce_oldestFirst() {
        SyntheticCorpus corpus = new SyntheticCorpus(12_345, 7);
        Iterator<HistoricalMessage> messages = RawArchiveWriter.inTimeOrder(corpus);
        java.util.Set<String> seen = new java.util.HashSet<>();
        Instant previous = Instant.MIN;
        while (messages.hasNext()) {
            HistoricalMessage message = messages.next();
            assertTrue(!message.timestamp().isBefore(previous), message.id());
            assertTrue(seen.add(message.chatId() + " " + message.id()), message.id());
            previous = message.timestamp();
        }
        assertEquals(12_345, seen.size());
    }

    /** What the writer did before: one-row statements in JDBC batches, chat by chat. */
    private static void oneRowPerStatement(Archive archive, SyntheticCorpus corpus) {
        try (Handle handle = archive.jdbi().open()) {
            Connection connection = handle.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement chats = connection.prepareStatement("INSERT OR IGNORE INTO chats (chat_jid, provider_id, "
                    + "title, is_group, created_at, updated_at) VALUES (?, 'bench', ?, ?, 0, 0)");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, chat_jid, sender, "
                         + "sender_name, content, timestamp, is_from_me, message_type, is_edited, created_at) "
                         + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
                for (int chat = 0; chat < corpus.chatCount(); chat++) {
                    chats.setString(1, SyntheticCorpus.chatId(chat));
                    chats.setString(2, SyntheticCorpus.title(chat));
                    chats.setInt(3, chat % 5 == 0 ? 1 : 0);
                    chats.executeUpdate();
                    Iterator<HistoricalMessage> messages = corpus.messages(chat);
                    while (messages.hasNext()) {
                        HistoricalMessage message = messages.next();
                        insert.setString(1, message.id());
                        insert.setString(2, message.chatId());
                        insert.setString(3, message.sender());
                        insert.setString(4, message.senderName());
                        insert.setString(5, message.content());
                        insert.setLong(6, message.timestamp().toEpochMilli());
                        insert.setInt(7, message.fromMe() ? 1 : 0);
                        insert.setString(8, message.type().wireName());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("UPDATE chats SET message_count = (SELECT count(*) FROM messages m WHERE "
                        + "m.chat_jid = chats.chat_jid), last_activity = (SELECT max(timestamp) FROM messages m WHERE "
                        + "m.chat_jid = chats.chat_jid)");
            }
            connection.commit();
            connection.setAutoCommit(true);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> rows(Archive archive) {
        return query(archive, "SELECT id, chat_jid, sender, sender_name, content, timestamp, is_from_me, message_type, "
                + "raw_proto, is_edited, created_at FROM messages ORDER BY chat_jid, id");
    }

    private static List<Map<String, Object>> query(Archive archive, String sql) {
        return archive.read(session -> session.handle().createQuery(sql).mapToMap().list());
    }

    /** The UI's and {@code chat-archive search}'s query: the newest 50 hits. */
    private static List<String> hits(Archive archive, String word) {
        return archive.read(session -> session.search().search(word, 50)).stream()
                .map(hit -> hit.message().chatId() + " " + hit.message().id() + " " + hit.snippet()).toList();
    }

    /** FTS5's count of leaf pages written into new segments (see MessageStoreTest, where it comes from). */
    private static long fullTextLeavesWritten(Archive archive) {
        byte[] structure = archive.read(session -> session.handle().createQuery(
                "SELECT block FROM search.messages_fts_data WHERE id = 10").mapTo(byte[].class).one());
        int[] at = {(structure[4] & 0xFF) == 0xFF ? 8 : 4};
        varint(structure, at);
        varint(structure, at);
        return varint(structure, at);
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = bytes[at[0]++] & 0xFF;
            if (i == 8) {
                return (value << 8) | b;
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return value;
    }
}

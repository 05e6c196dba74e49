package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.checkpoint.SyncState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adopting the two shapes of baileys-bridge database that exist: the seed's, and the bridge's with chats. */
class LegacyBridgeAdoptionTest {

    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final String FAMILY = "120363000000000009@g.us";

    @TempDir
    Path folder;

    @Test
    void open_seedShapedBridgeDatabase_keepsEveryMessageAndTheStatusRow() throws Exception {
        Path file = folder.resolve("bridge.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE messages (id TEXT PRIMARY KEY, chat_jid TEXT NOT NULL, sender TEXT NOT NULL, "
                    + "content TEXT NOT NULL, timestamp DATETIME NOT NULL, is_from_me BOOLEAN NOT NULL DEFAULT 0, "
                    + "created_at DATETIME DEFAULT CURRENT_TIMESTAMP)");
            statement.execute("CREATE INDEX idx_messages_chat_jid ON messages(chat_jid)");
            statement.execute("CREATE INDEX idx_messages_timestamp ON messages(timestamp DESC)");
            statement.execute("CREATE TABLE sync_status (id INTEGER PRIMARY KEY CHECK(id = 1), is_syncing BOOLEAN NOT NULL "
                    + "DEFAULT 0, messages_synced INTEGER NOT NULL DEFAULT 0, last_sync_time DATETIME, progress_percent "
                    + "INTEGER, is_latest BOOLEAN NOT NULL DEFAULT 0)");
            statement.execute("INSERT INTO sync_status VALUES (1, 1, 3, '2024-02-01 08:00:00', 40, 0)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, chat_jid, sender, "
                    + "content, timestamp, is_from_me) VALUES (?, ?, ?, ?, ?, ?)")) {
                add(insert, "A1", ALICE, ALICE, "hello", "2024-01-05T09:30:00.000Z", 0);
                add(insert, "A2", ALICE, "me", "hi!", "2024-01-05 09:31:00", 1);
                add(insert, "F1", FAMILY, "31633333333@s.whatsapp.net", "dinner?", "1704447000", 0);
                add(insert, "F2", FAMILY, "31633333333@s.whatsapp.net", "when?", "1704447060000", 0);
                add(insert, "F3", FAMILY, "31633333333@s.whatsapp.net", "garbled", "someday", 0);
                insert.executeBatch();
            }
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            List<StoredMessage> alice = archive.read(session -> session.messages().newestPage(ALICE, 10));
            List<StoredMessage> family = archive.read(session -> session.messages().newestPage(FAMILY, 10));
            assertEquals(List.of("A1", "A2"), alice.stream().map(StoredMessage::id).toList());
            assertEquals(Instant.parse("2024-01-05T09:30:00Z"), alice.get(0).timestamp());
            assertEquals(Instant.parse("2024-01-05T09:31:00Z"), alice.get(1).timestamp());
            assertTrue(alice.get(1).message().fromMe());
            assertEquals(3, family.size());
            StoredMessage garbled = family.stream().filter(m -> m.id().equals("F3")).findFirst().orElseThrow();
            assertEquals(Instant.EPOCH, garbled.timestamp());
            assertTrue(garbled.message().rawJson().contains("someday"), garbled.message().rawJson());
            assertEquals(Instant.ofEpochSecond(1704447000), byId(family, "F1").timestamp());
            assertEquals(Instant.ofEpochMilli(1704447060000L), byId(family, "F2").timestamp());

            ChatRecord group = archive.read(session -> session.chats().find(FAMILY)).orElseThrow();
            assertTrue(group.group());
            assertEquals(3, group.messageCount());
            assertEquals("whatsapp", group.providerId());

            GlobalSyncStatus status = archive.read(session -> session.status().get());
            assertEquals(3, status.messagesSynced());
            assertEquals(40, status.progressPercent());
            assertEquals(false, status.syncing());
            assertEquals(Instant.parse("2024-02-01T08:00:00Z"), status.lastSyncTime());

            int legacyTables = archive.read(session -> session.handle().createQuery(
                    "SELECT count(*) FROM sqlite_master WHERE name LIKE 'legacy_%'").mapTo(Integer.class).one());
            assertEquals(0, legacyTables);
            int ftsHits = archive.read(session -> session.handle().createQuery(
                    "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'dinner'").mapTo(Integer.class).one());
            assertEquals(1, ftsHits);
        }
    }

    @Test
    void open_bridgeDatabaseWithChatsAndCheckpoints_keepsNamesAndMakesRunningSyncsResumable() throws Exception {
        Path file = folder.resolve("bridge.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
            statement.execute("CREATE TABLE chats (jid TEXT PRIMARY KEY, name TEXT, last_message_time TEXT)");
            statement.execute("CREATE TABLE messages (id TEXT, chat_jid TEXT, sender TEXT, content TEXT, timestamp TEXT, "
                    + "is_from_me INTEGER, PRIMARY KEY (id, chat_jid), FOREIGN KEY (chat_jid) REFERENCES chats(jid))");
            statement.execute("CREATE INDEX idx_messages_chat_msg ON messages(chat_jid, id)");
            statement.execute("CREATE TABLE sync_status (id INTEGER PRIMARY KEY CHECK(id = 1), is_syncing INTEGER, "
                    + "last_sync_time TEXT, messages_synced INTEGER, chats_synced INTEGER, progress_percent INTEGER, is_latest INTEGER)");
            statement.execute("INSERT INTO sync_status VALUES (1, 0, NULL, 2, 1, NULL, 0)");
            statement.execute("CREATE TABLE sync_checkpoints (chat_jid TEXT PRIMARY KEY REFERENCES chats(jid) ON DELETE CASCADE, "
                    + "last_message_id TEXT, last_timestamp INTEGER, messages_synced INTEGER NOT NULL DEFAULT 0, "
                    + "status TEXT NOT NULL, error_message TEXT, started_at INTEGER, updated_at INTEGER, completed_at INTEGER)");
            statement.execute("INSERT INTO chats VALUES ('" + ALICE + "', 'Alice', '2024-01-05T09:31:00Z')");
            statement.execute("INSERT INTO messages VALUES ('A1', '" + ALICE + "', '" + ALICE + "', 'hello', "
                    + "'2024-01-05T09:30:00Z', 0)");
            statement.execute("INSERT INTO messages VALUES ('A2', '" + ALICE + "', 'me', 'hi', '2024-01-05T09:31:00Z', 1)");
            statement.execute("INSERT INTO sync_checkpoints VALUES ('" + ALICE + "', 'A1', 1704447000000, 2, 'in_progress', "
                    + "NULL, 1, 2, NULL)");
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            ChatRecord alice = archive.read(session -> session.chats().find(ALICE)).orElseThrow();
            assertEquals("Alice", alice.title());
            assertEquals(2, alice.messageCount());
            SyncCheckpoint checkpoint = archive.read(session -> session.checkpoints().find(ALICE)).orElseThrow();
            assertEquals(SyncState.INTERRUPTED, checkpoint.status());
            assertEquals(StopReason.CRASHED, checkpoint.stopReason());
            assertEquals("A1", checkpoint.lastMessageId());
            assertEquals(2, checkpoint.messagesSynced());
            assertNull(checkpoint.errorMessage());
        }
        try (Archive reopened = Archive.open(file, CLOCK)) {
            assertEquals(2, reopened.read(session -> session.messages().newestPage(ALICE, 10)).size());
        }
    }

    private static StoredMessage byId(List<StoredMessage> messages, String id) {
        return messages.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static void add(PreparedStatement insert, String id, String chat, String sender, String content,
                            String timestamp, int fromMe) throws Exception {
        insert.setString(1, id);
        insert.setString(2, chat);
        insert.setString(3, sender);
        insert.setString(4, content);
        insert.setString(5, timestamp);
        insert.setInt(6, fromMe);
        insert.addBatch();
    }
}

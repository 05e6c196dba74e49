package dev.chatarchive.whatsapp.backup.android;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.whatsapp.backup.BackupChat;
import dev.chatarchive.whatsapp.backup.BackupReader;
import dev.chatarchive.whatsapp.backup.FixtureDatabases;
import dev.chatarchive.whatsapp.backup.MediaFiles;
import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a modern msgstore.db does not wait for the paging index: the chat list is counted from one
 * pass over the messages, the first chats are paged through a partial index of their own, and the
 * paging index is built beside the reading. Every chat list and page is the one the paging index gives.
 */
class ModernAndroidPagingIndexTest {

    @TempDir
    Path temp;

    @AfterEach
    void buildFreely() {
        PagingIndex.beforeBuildForTests = () -> { };
    }

    @Test
    void theFirstChatIsPagedBeforeThePagingIndexIsBuilt_andEveryPageIsTheOneThePagingIndexGives() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        Path reference = Files.copy(db, temp.resolve("reference.db"));
        CountDownLatch release = holdTheBuild();
        Map<String, List<String>> read = new LinkedHashMap<>();
        List<BackupChat> chats;
        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            List<String> indexes = indexes(db);
            assertFalse(indexes.contains("chat_archive_page"), "opening returned before the paging index was built: " + indexes);
            assertTrue(indexes.contains("chat_archive_first"), indexes.toString());
            assertTrue(((ModernAndroidReader) reader).partialIndexPagePlan().contains("chat_archive_first"),
                    ((ModernAndroidReader) reader).partialIndexPagePlan());
            chats = reader.chats();
            BackupChat first = chats.get(0);
            assertEquals(FixtureDatabases.ANNA, first.chatId());
            read.put("first, while the paging index is held back", pages(reader, first, 7));
            assertFalse(indexes(db).contains("chat_archive_page"));

            release.countDown();
            ((ModernAndroidReader) reader).awaitPagingIndex();
            assertTrue(indexes(db).contains("chat_archive_page"));
            for (BackupChat chat : chats) {
                read.put(chat.chatId(), pages(reader, chat, 7));
            }
        }

        try (BackupReader built = AndroidBackup.open(reference, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            ((ModernAndroidReader) built).awaitPagingIndex();
            assertEquals(chats, built.chats());
            assertEquals(pages(built, chats.get(0), 7), read.get("first, while the paging index is held back"));
            for (BackupChat chat : chats) {
                assertEquals(pages(built, chat, 7), read.get(chat.chatId()), chat.chatId());
            }
            assertEquals(3, chats.size(), "Anna, the group, Carla (two chat rows); the status chat is left out");
            assertEquals(List.of(4L, 5L), chats.get(2).keys());
        }
    }

    @Test
    void theChatListCountedWithoutAnIndex_isTheOneSqliteCounts() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
            SqliteFiles.execute(connection, "INSERT INTO chat (_id, jid_row_id) VALUES (9, 1000)"); // no messages
            SqliteFiles.execute(connection, "INSERT INTO message (chat_row_id, from_me, key_id, timestamp)"
                    + " VALUES (77, 0, 'ORPHAN', 5)"); // no chat row
            SqliteFiles.execute(connection, "UPDATE message SET timestamp = -5 WHERE chat_row_id = 2");
            ModernAndroidReader reader = new ModernAndroidReader(connection, ContactNames.NONE, MediaFiles.NONE);

            List<ModernAndroidReader.ChatRow> counted = reader.chatRowsCountedHere(null, Long.MAX_VALUE);
            List<ModernAndroidReader.ChatRow> countedInTwo = reader.chatRowsCountedHere(db, 0);

            assertEquals(reader.chatRowsByQuery(), counted);
            assertEquals(counted, countedInTwo, "the two halves counted at once add up to the same rows");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), counted.stream().map(ModernAndroidReader.ChatRow::id).toList());
            assertEquals(-5, counted.get(1).newest());
        }
    }

    @Test
    void aMessageWithoutATimestamp_isCountedBySqlite_withThePagingIndexBuiltFirst() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
            SqliteFiles.execute(connection, "UPDATE message SET timestamp = NULL WHERE _id = 3");
            assertNull(new ModernAndroidReader(connection, ContactNames.NONE, MediaFiles.NONE).chatRowsCountedHere(db, 0));
        }
        holdTheBuild(); // never released: the paging index must not be built beside the reading

        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            assertFalse(((ModernAndroidReader) reader).pagingIndexBesideReading());
            assertTrue(indexes(db).contains("chat_archive_page"));
            assertEquals(8 + 300, reader.chats().get(0).description().estimatedSize(), "the message without a time counts");
        }
    }

    @Test
    void thePagingIndexes_leaveOutTheRowId_whichEndsEveryEntry_andServePagesWithoutASort() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        CountDownLatch release = holdTheBuild();
        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            ModernAndroidReader modern = (ModernAndroidReader) reader;
            assertEquals(List.of("chat_row_id", "timestamp"), indexColumns(db, "chat_archive_first"));
            assertFalse(modern.partialIndexPagePlan().contains("TEMP B-TREE"), modern.partialIndexPagePlan());

            release.countDown();
            modern.awaitPagingIndex();
            pages(reader, reader.chats().get(1), 7); // a query run, so that the reading connection reads the new schema

            assertEquals(List.of("chat_row_id", "timestamp"), indexColumns(db, "chat_archive_page"));
            assertTrue(modern.pagePlan().contains("USING INDEX chat_archive_page"), modern.pagePlan());
            assertFalse(modern.pagePlan().contains("TEMP B-TREE"), modern.pagePlan());
        }
    }

    @Test
    void closingWhileThePagingIndexIsBuilt_endsTheBuild() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        holdTheBuild();
        BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE);
        assertTrue(((ModernAndroidReader) reader).pagingIndexBuilding());

        reader.close();

        assertFalse(((ModernAndroidReader) reader).pagingIndexBuilding());
        assertFalse(indexes(db).contains("chat_archive_page"));
    }

    /** Holds the paging index's build back until the latch is counted down (or the reader closes). */
    private static CountDownLatch holdTheBuild() {
        CountDownLatch release = new CountDownLatch(1);
        PagingIndex.beforeBuildForTests = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("closed while held back", e);
            }
        };
        return release;
    }

    /** Every page of {@code chat}, newest first, {@code limit} messages a page, each message written out. */
    private static List<String> pages(BackupReader reader, BackupChat chat, int limit) throws Exception {
        List<String> pages = new ArrayList<>();
        HistoryCursor cursor = null;
        while (true) {
            List<HistoricalMessage> page = reader.older(chat, cursor, limit);
            pages.add(page.stream().map(HistoricalMessage::toString).toList().toString());
            if (page.size() < limit) {
                return pages;
            }
            cursor = page.get(page.size() - 1).toCursor();
        }
    }

    private static List<String> indexColumns(Path db, String index) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection connection = SqliteFiles.openWorkingCopyBesideReading(db);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM pragma_index_info('" + index + "') ORDER BY seqno")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static List<String> indexes(Path db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = SqliteFiles.openWorkingCopyBesideReading(db);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                     + " AND name LIKE 'chat_archive%' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /**
     * The modern fixture with 300 more messages for Anna (chat 1, the first), 200 for the group and 150
     * for each of Carla's two chat rows (her LID chat 4 and a phone-number chat 5): times drawn from a
     * few hundred values, so that many share a millisecond, and some key ids repeated in a chat.
     */
    private static Path fixture(Path file) throws Exception {
        FixtureDatabases.modernAndroid(file);
        Random random = new Random(15);
        try (Connection connection = SqliteFiles.openWorkingCopy(file)) {
            SqliteFiles.execute(connection, "INSERT INTO chat (_id, jid_row_id) VALUES (5, 7)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO message (chat_row_id, from_me, key_id,"
                    + " sender_jid_row_id, timestamp, received_timestamp, message_type, text_data) VALUES (?, ?, ?, ?, ?, ?, 0, ?)")) {
                int[][] counts = {{1, 300}, {2, 200}, {4, 150}, {5, 150}};
                int n = 0;
                for (int[] chat : counts) {
                    for (int i = 0; i < chat[1]; i++, n++) {
                        insert.setInt(1, chat[0]);
                        insert.setInt(2, random.nextInt(2));
                        insert.setString(3, random.nextInt(20) == 0 ? "DUP" + chat[0] : "K" + n);
                        insert.setInt(4, chat[0] == 2 ? 1 + random.nextInt(3) : 0);
                        long time = FixtureDatabases.T0 + 1_000L * random.nextInt(400);
                        insert.setLong(5, time);
                        insert.setLong(6, time + 1);
                        insert.setString(7, "message " + n);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        return file;
    }
}

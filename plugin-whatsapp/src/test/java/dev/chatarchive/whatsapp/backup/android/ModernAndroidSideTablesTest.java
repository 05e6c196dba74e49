package dev.chatarchive.whatsapp.backup.android;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side tables with at most one row a message (media, quotes, system events, locations) and the
 * tables only asked whether a message has a row (edits, add-ons for the reactions) are looked up only
 * for the messages that have a row there, known from one pass over each table; every page is the one
 * the joins to every table give.
 */
class ModernAndroidSideTablesTest {

    @TempDir
    Path temp;

    @Test
    void sideTablesKeyedByTheirMessage_areNotJoined_onceTheFirstPageIsRead() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            ModernAndroidReader modern = (ModernAndroidReader) reader;
            modern.awaitPagingIndex();
            reader.older(reader.chats().get(0), null, 7);

            String plan = modern.pagePlan();
            for (String table : List.of(" mm ", " mq ", " ms ", " ml ", " e ")) {
                assertFalse(plan.contains("SEARCH" + table), table + "in " + plan);
            }
            assertTrue(plan.contains("SEARCH mc "), "missed_call_logs may hold two rows for a message: still joined; " + plan);
        }
    }

    @Test
    void everyPage_isTheOneTheJoinsToEveryTableGive() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        Path reference = Files.copy(db, temp.resolve("reference.db"));
        try (BackupReader apart = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE);
             BackupReader joined = AndroidBackup.open(reference, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            ((ModernAndroidReader) joined).sideRowsSpanMax = 0;
            assertEquals(joined.chats(), apart.chats());
            int pages = 0;
            for (BackupChat chat : apart.chats()) {
                List<String> read = pages(apart, chat, 7);
                assertEquals(pages(joined, chat, 7), read, chat.chatId());
                pages += read.size();
            }
            assertTrue(pages > 80, "pages read: " + pages);
        }
    }

    @Test
    void messageRowIdsSpanningMoreThanALong_areReadWithTheJoins() throws Exception {
        Path db = fixture(temp.resolve("msgstore.db"));
        try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
            SqliteFiles.execute(connection, "INSERT INTO message (_id, chat_row_id, from_me, key_id, timestamp, message_type,"
                    + " text_data) VALUES (-9223372036854775807, 1, 0, 'LOWEST', " + FixtureDatabases.T0 + ", 0, 'low')");
            SqliteFiles.execute(connection, "INSERT INTO message_media (message_row_id, file_path, mime_type) VALUES"
                    + " (-9223372036854775807, 'Media/WhatsApp Images/low.jpg', 'image/jpeg')");
            assertEquals(null, SideRows.forMessages(connection, SideRows.SPAN_MAX));
        }
        Path reference = Files.copy(db, temp.resolve("reference.db"));
        try (BackupReader apart = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE);
             BackupReader joined = AndroidBackup.open(reference, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            ((ModernAndroidReader) joined).sideRowsSpanMax = 0;
            for (BackupChat chat : apart.chats()) {
                assertEquals(pages(joined, chat, 7), pages(apart, chat, 7), chat.chatId());
            }
            assertTrue(pages(apart, apart.chats().get(0), 1000).toString().contains("low.jpg"));
        }
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

    /**
     * The modern fixture with 600 more messages in Anna's chat, the group and Carla's two chat rows, and
     * rows for a random few of them in every side table: media (some without a file or type), quotes,
     * system events, locations, edits, missed calls (a message with two), reactions (some messages with
     * several, from others in the group and from their LIDs).
     */
    private static Path fixture(Path file) throws Exception {
        FixtureDatabases.modernAndroid(file);
        Random random = new Random(15);
        try (Connection connection = SqliteFiles.openWorkingCopy(file)) {
            SqliteFiles.execute(connection, "INSERT INTO chat (_id, jid_row_id) VALUES (5, 7)");
            int[] chats = {1, 2, 4, 5};
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO message (_id, chat_row_id, from_me, key_id,"
                    + " sender_jid_row_id, timestamp, received_timestamp, message_type, text_data, origination_flags)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 100; id < 700; id++) {
                    int chat = chats[random.nextInt(chats.length)];
                    insert.setInt(1, id);
                    insert.setInt(2, chat);
                    insert.setInt(3, random.nextInt(2));
                    insert.setString(4, "K" + id);
                    insert.setInt(5, chat == 2 ? random.nextInt(4) : 0);
                    long time = FixtureDatabases.T0 + 1_000L * random.nextInt(300);
                    insert.setLong(6, time);
                    insert.setLong(7, time + 1);
                    insert.setInt(8, new int[] {0, 1, 5, 7, 9, 10, 15, 90}[random.nextInt(8)]);
                    insert.setString(9, random.nextInt(5) == 0 ? null : "message " + id);
                    insert.setInt(10, random.nextInt(3));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            for (int id = 100; id < 700; id++) {
                if (random.nextInt(5) == 0) {
                    SqliteFiles.execute(connection, "INSERT INTO message_media (message_row_id, file_path, mime_type, file_size,"
                            + " media_name, media_duration, media_caption) VALUES (" + id + ", "
                            + (random.nextInt(4) == 0 ? "NULL" : "'Media/WhatsApp Images/IMG-" + id + ".jpg'") + ", "
                            + (random.nextBoolean() ? "'image/jpeg'" : "NULL") + ", " + random.nextInt(100_000) + ", "
                            + (random.nextBoolean() ? "'doc " + id + ".pdf'" : "NULL") + ", " + random.nextInt(30) + ", "
                            + (random.nextBoolean() ? "'caption " + id + "'" : "NULL") + ")");
                }
                if (random.nextInt(10) == 0) {
                    SqliteFiles.execute(connection, "INSERT INTO message_quoted (message_row_id, key_id) VALUES (" + id + ", 'K"
                            + (id - 1) + "')");
                }
                if (random.nextInt(10) == 0) {
                    SqliteFiles.execute(connection, "INSERT INTO message_system VALUES (" + id + ", " + random.nextInt(70) + ")");
                }
                if (random.nextInt(10) == 0) {
                    SqliteFiles.execute(connection, "INSERT INTO message_location (message_row_id, latitude, longitude, place_name)"
                            + " VALUES (" + id + ", " + (random.nextDouble() * 90) + ", " + (random.nextDouble() * 180) + ", "
                            + (random.nextBoolean() ? "'Place " + id + "'" : "NULL") + ")");
                }
                if (random.nextInt(10) == 0) {
                    SqliteFiles.execute(connection, "INSERT INTO message_edit_info VALUES (" + id + ", 'K" + id + "', 1, 1)");
                }
                if (random.nextInt(10) == 0 || id == 150) {
                    int rows = id == 150 ? 2 : 1;
                    for (int i = 0; i < rows; i++) {
                        SqliteFiles.execute(connection, "INSERT INTO missed_call_logs (message_row_id, video_call) VALUES (" + id
                                + ", " + random.nextInt(2) + ")");
                    }
                }
                if (random.nextInt(8) == 0) {
                    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                        SqliteFiles.execute(connection, "INSERT INTO message_add_on (chat_row_id, from_me, key_id, sender_jid_row_id,"
                                + " parent_message_row_id, message_add_on_type) VALUES (1, " + random.nextInt(2) + ", 'R" + id + i
                                + "', " + random.nextInt(4) + ", " + id + ", 56)");
                        SqliteFiles.execute(connection, "INSERT INTO message_add_on_reaction (message_add_on_row_id, reaction)"
                                + " VALUES (last_insert_rowid(), '" + (random.nextBoolean() ? "👍" : "") + "')");
                    }
                }
            }
        }
        return file;
    }
}

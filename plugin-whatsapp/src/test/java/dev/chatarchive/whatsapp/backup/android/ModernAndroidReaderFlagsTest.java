package dev.chatarchive.whatsapp.backup.android;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.whatsapp.backup.BackupChat;
import dev.chatarchive.whatsapp.backup.BackupReader;
import dev.chatarchive.whatsapp.backup.FixtureDatabases;
import dev.chatarchive.whatsapp.backup.MediaFiles;
import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modern reader reads a message's flags and which side tables hold a row for it as one number:
 * a NULL or a text in a flag column reads as the driver reads it, and never hides the message's media.
 */
class ModernAndroidReaderFlagsTest {

    @TempDir
    Path temp;

    @Test
    void aNullOriginationFlag_isNotForwarded_andTheMediaIsStillRead() throws Exception {
        HistoricalMessage wall = readAfter("UPDATE message SET origination_flags = NULL WHERE _id = 4");

        assertFalse(wall.rawJson().contains("\"forwarded\""), wall.rawJson());
        assertNotNull(wall.attachment(), "the media row is still read");
        assertTrue(wall.rawJson().contains("\"media\":{\"path\":\"Media/WhatsApp Images/IMG-20240301-WA0001.jpg\""),
                wall.rawJson());
    }

    @Test
    void flagsHeldAsText_readAsTheirNumbers() throws Exception {
        HistoricalMessage wall = readAfter("UPDATE message SET origination_flags = '3', from_me = '1' WHERE _id = 4");

        assertTrue(wall.rawJson().contains("\"forwarded\":true"), wall.rawJson());
        assertTrue(wall.fromMe());
        assertEquals("me", wall.sender());
    }

    @Test
    void aMessageTypeOfAnyStoredKind_readsAsTheDriversGetIntReadsIt() throws Exception {
        for (String type : List.of("'13'", "9.7", "NULL", "4294967297", "-2", "'1e3'", "' 12 '", "'0x10'",
                "'9223372036854775808'", "1e20", "-1e20", "X'3135'")) {
            Path db = FixtureDatabases.modernAndroid(temp.resolve("type.db"));
            long expected;
            try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
                SqliteFiles.execute(connection, "UPDATE message SET message_type = " + type + " WHERE _id = 4");
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT message_type FROM message WHERE _id = 4")) {
                    rs.next();
                    expected = rs.getInt(1);
                }
            }
            HistoricalMessage wall = read(db, "3EB0A3");

            assertTrue(wall.rawJson().contains("\"type\":" + expected + ","), type + ": " + wall.rawJson());
        }
    }

    @Test
    void textsOfAnyStoredKind_readAsTheDriversGetStringReadsThem() throws Exception {
        for (String text : List.of("'Grüße 🧗 東京'", "''", "42", "1.5", "X'C328'", "X'48690049'", "X''", "NULL")) {
            Path db = FixtureDatabases.modernAndroid(temp.resolve("text.db"));
            String expected;
            String expectedKey;
            try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
                SqliteFiles.execute(connection, "UPDATE message SET text_data = " + text + ", key_id = IFNULL(" + text
                        + ", 'K') WHERE _id = 2");
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT text_data, key_id FROM message WHERE _id = 2")) {
                    rs.next();
                    expected = rs.getString(1);
                    expectedKey = rs.getString(2);
                }
            }
            try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
                BackupChat anna = reader.chats().stream().filter(chat -> chat.chatId().equals(FixtureDatabases.ANNA))
                        .findFirst().orElseThrow();
                List<HistoricalMessage> page = reader.older(anna, null, 100);
                HistoricalMessage first = page.get(page.size() - 1);

                assertEquals(expectedKey.isBlank() ? "row-2" : expectedKey, first.id(), text);
                assertEquals(expected == null ? "" : expected, first.content(), text);
            }
        }
    }

    @Test
    void aBackupWithUtf16Text_readsTheSameMessages() throws Exception {
        Path utf8 = FixtureDatabases.modernAndroid(temp.resolve("utf8.db"));
        Path utf16 = temp.resolve("utf16.db");
        try (Connection from = SqliteFiles.openWorkingCopy(utf8); Connection to = SqliteFiles.openWorkingCopy(utf16)) {
            SqliteFiles.execute(to, "PRAGMA encoding = 'UTF-16le'");
            List<String[]> tables = new ArrayList<>();
            try (Statement statement = from.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                         + " AND name NOT LIKE 'sqlite%'")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] table : tables) {
                SqliteFiles.execute(to, table[1]);
                try (Statement statement = from.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT * FROM " + table[0])) {
                    int columns = rs.getMetaData().getColumnCount();
                    try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + table[0] + " VALUES ("
                            + "?, ".repeat(columns - 1) + "?)")) {
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                insert.setObject(i, rs.getObject(i));
                            }
                            insert.executeUpdate();
                        }
                    }
                }
            }
            assertEquals("UTF-16le", SqliteFiles.text(to, "PRAGMA encoding"));
        }

        assertEquals(everyMessage(utf8), everyMessage(utf16));
    }

    private static List<String> everyMessage(Path db) throws Exception {
        List<String> messages = new ArrayList<>();
        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            for (BackupChat chat : reader.chats()) {
                reader.older(chat, null, 100).forEach(message -> messages.add(message.toString()));
            }
        }
        assertTrue(messages.size() > 10, messages.toString());
        return messages;
    }

    private HistoricalMessage read(Path db, String id) throws Exception {
        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            BackupChat anna = reader.chats().stream().filter(chat -> chat.chatId().equals(FixtureDatabases.ANNA))
                    .findFirst().orElseThrow();
            List<HistoricalMessage> page = reader.older(anna, null, 100);
            return page.stream().filter(message -> message.id().equals(id)).findFirst().orElseThrow();
        }
    }

    private HistoricalMessage readAfter(String change) throws Exception {
        Path db = FixtureDatabases.modernAndroid(temp.resolve("msgstore.db"));
        try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
            SqliteFiles.execute(connection, change);
        }
        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            BackupChat anna = reader.chats().stream().filter(chat -> chat.chatId().equals(FixtureDatabases.ANNA))
                    .findFirst().orElseThrow();
            List<HistoricalMessage> page = reader.older(anna, null, 100);
            return page.stream().filter(message -> message.id().equals("3EB0A3")).findFirst().orElseThrow();
        }
    }
}

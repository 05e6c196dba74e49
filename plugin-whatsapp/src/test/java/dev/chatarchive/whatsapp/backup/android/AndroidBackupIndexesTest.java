package dev.chatarchive.whatsapp.backup.android;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatarchive.whatsapp.backup.BackupReader;
import dev.chatarchive.whatsapp.backup.FixtureDatabases;
import dev.chatarchive.whatsapp.backup.MediaFiles;
import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexes opening a modern msgstore.db adds to its working copy: the paging index always (beside
 * the reading, after a partial one for the first chats: ModernAndroidPagingIndexTest), a side
 * table's only where WhatsApp's own key does not already serve the lookup (building one costs time
 * at opening, on the import's critical path).
 */
class AndroidBackupIndexesTest {

    @TempDir
    Path temp;

    @Test
    void sideTablesKeyedByTheirMessageRow_getNoIndex_othersDo() throws Exception {
        Path db = FixtureDatabases.modernAndroid(temp.resolve("msgstore.db"));

        open(db);

        // message_media, _quoted, _system, _location, _edit_info and message_add_on_reaction key on their
        // INTEGER PRIMARY KEY, jid_map on lid_row_id; missed_call_logs and message_add_on do not.
        assertEquals(List.of("chat_archive_add_on", "chat_archive_first", "chat_archive_missed_call_logs", "chat_archive_page"),
                addedIndexes(db));
    }

    @Test
    void aSideTableWithAnIndexOfItsOwnOnTheColumn_getsNoSecondOne() throws Exception {
        Path db = FixtureDatabases.modernAndroid(temp.resolve("msgstore.db"));
        try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
            SqliteFiles.execute(connection, "CREATE INDEX missed_call_logs_message ON missed_call_logs(message_row_id, timestamp)");
            SqliteFiles.execute(connection, "CREATE INDEX add_on_time ON message_add_on(timestamp, parent_message_row_id)");
            SqliteFiles.execute(connection, "CREATE INDEX add_on_some ON message_add_on(parent_message_row_id)"
                    + " WHERE message_add_on_type = 56");
        }

        open(db);

        assertEquals(List.of("chat_archive_add_on", "chat_archive_first", "chat_archive_page"), addedIndexes(db),
                "an index led by the column serves; one that only contains it, or covers only some rows, does not");
    }

    private static void open(Path db) throws Exception {
        try (BackupReader reader = AndroidBackup.open(db, "msgstore.db", ContactNames.NONE, MediaFiles.NONE)) {
            assertEquals(3, reader.chats().size());
            ((ModernAndroidReader) reader).awaitPagingIndex();
        }
    }

    private static List<String> addedIndexes(Path db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = SqliteFiles.openWorkingCopy(db); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                     + " AND name LIKE 'chat_archive%' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}

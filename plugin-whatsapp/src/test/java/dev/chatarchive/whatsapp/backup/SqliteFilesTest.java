package dev.chatarchive.whatsapp.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a backup's working copy is opened: read through a memory map, no journal, no syncing. */
class SqliteFilesTest {

    @TempDir
    Path temp;

    @Test
    void aWorkingCopyIsReadThroughAMemoryMapOfTheCappedSize_withoutJournalOrSyncing() throws Exception {
        Path db = FixtureDatabases.modernAndroid(temp.resolve("msgstore.db"));
        try (Connection connection = SqliteFiles.openWorkingCopy(db)) {
            assertEquals(SqliteFiles.WORKING_COPY_MAP_BYTES, SqliteFiles.number(connection, "PRAGMA mmap_size"));
            assertEquals(0, SqliteFiles.number(connection, "PRAGMA synchronous"));
            // Reading through the map after the working copy was written to (the paging index) sees the writes.
            SqliteFiles.execute(connection, "CREATE INDEX chat_archive_test ON message(chat_row_id, timestamp, _id)");
            assertEquals(SqliteFiles.number(connection, "SELECT COUNT(*) FROM message"),
                    SqliteFiles.number(connection, "SELECT COUNT(*) FROM message INDEXED BY chat_archive_test WHERE chat_row_id >= " + Long.MIN_VALUE));
        }
    }
}

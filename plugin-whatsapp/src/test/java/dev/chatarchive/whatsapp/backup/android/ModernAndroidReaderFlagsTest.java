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

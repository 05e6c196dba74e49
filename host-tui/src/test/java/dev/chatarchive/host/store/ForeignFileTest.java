package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not ours stay byte for byte as they were, with nothing left beside them, whether
 * opened for writing or for reading: chat-archive refuses them with a sentence before anything can
 * write (journal mode included).
 */
class ForeignFileTest {

    @TempDir
    Path folder;

    private Path foreign(String name, boolean wal, int userVersion) throws Exception {
        Path file = folder.resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            if (wal) {
                statement.execute("PRAGMA journal_mode = WAL");
            }
            statement.execute("CREATE TABLE invoices (number INTEGER, amount TEXT)");
            statement.execute("INSERT INTO invoices VALUES (1, '12.50'), (2, '99.00')");
            statement.execute("PRAGMA user_version = " + userVersion);
        }
        assertEquals(List.of(name), siblings(), "the fixture left files beside the database");
        return file;
    }

    private List<String> siblings() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private void assertRefusedUnchanged(Path file, Function<Path, Archive> opener, String expected) throws Exception {
        byte[] before = Files.readAllBytes(file);
        List<String> filesBefore = siblings();
        ArchiveException refused = assertThrows(ArchiveException.class, () -> opener.apply(file).close());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertTrue(refused.getMessage().contains("not changed"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the foreign file was changed");
        List<String> filesAfter = siblings().stream().filter(name -> !name.endsWith(".lock")).toList();
        assertEquals(filesBefore, filesAfter, "files were left beside the foreign file");
    }

    @Test
    void open_foreignDatabaseWithUserVersion1_isRefusedAndLeftByteIdentical() throws Exception {
        Path file = foreign("invoices.db", false, 1);
        assertRefusedUnchanged(file, path -> Archive.open(path, CLOCK), "not a chat-archive archive");
    }

    @Test
    void openReadOnly_foreignDatabaseWithUserVersion1_isRefusedAndLeftByteIdentical() throws Exception {
        Path file = foreign("invoices.db", false, 1);
        assertRefusedUnchanged(file, path -> Archive.openReadOnly(path, CLOCK), "not a chat-archive archive");
    }

    @Test
    void open_foreignDatabaseInWalMode_isRefusedWithoutWalOrShmFilesLeftBehind() throws Exception {
        Path file = foreign("notes.db", true, 0);
        assertRefusedUnchanged(file, path -> Archive.open(path, CLOCK), "neither a chat-archive archive");
    }

    @Test
    void openReadOnly_foreignDatabaseInWalMode_isRefusedWithoutWalOrShmFilesLeftBehind() throws Exception {
        Path file = foreign("notes.db", true, 7);
        assertRefusedUnchanged(file, path -> Archive.openReadOnly(path, CLOCK), "not a chat-archive archive");
    }

    @Test
    void open_foreignDatabaseInRollbackMode_staysInRollbackMode() throws Exception {
        Path file = foreign("plain.db", false, 0);
        assertRefusedUnchanged(file, path -> Archive.open(path, CLOCK), "neither a chat-archive archive");
        byte[] header = Files.readAllBytes(file);
        assertEquals(1, header[18], "file format write version (1 = rollback journal, 2 = WAL)");
        assertEquals(1, header[19], "file format read version");
    }

    @Test
    void open_folderNamedAsArchive_isRefusedWithASentence() throws Exception {
        Path folderArchive = Files.createDirectories(folder.resolve("archive.db"));
        ArchiveException refused = assertThrows(ArchiveException.class, () -> Archive.open(folderArchive, CLOCK));
        assertTrue(refused.getMessage().contains("not a file"), refused.getMessage());
    }
}

package dev.chatarchive.host.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeCopyTest {

    @TempDir
    Path folder;

    @AfterEach
    void forgetTheProperties() {
        System.clearProperty("org.sqlite.lib.path");
        System.clearProperty("org.sqlite.lib.name");
    }

    private static byte[] jarsLibrary() throws Exception {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            return in.readAllBytes();
        }
    }

    @Test
    void keep_writesTheJarsLibrary_whole_andAStartThenNamesItToSqliteJdbc() throws Exception {
        SqliteNativeCopy.keep(folder);

        Path copy = folder.resolve(LibraryLoaderUtil.getNativeLibName());
        assertArrayEquals(jarsLibrary(), Files.readAllBytes(copy));
        try (var files = Files.list(folder)) {
            assertEquals(1, files.count(), "no part file left");
        }
        SqliteNativeCopy.useIfKept(folder);
        assertEquals(folder.toString(), System.getProperty("org.sqlite.lib.path"));
        assertEquals(LibraryLoaderUtil.getNativeLibName(), System.getProperty("org.sqlite.lib.name"));
    }

    @Test
    void aCopyOfAnotherSize_orNone_isNotUsed() throws Exception {
        SqliteNativeCopy.useIfKept(folder);
        assertNull(System.getProperty("org.sqlite.lib.path"), "no copy");

        byte[] library = jarsLibrary();
        Files.write(folder.resolve(LibraryLoaderUtil.getNativeLibName()), Arrays.copyOf(library, library.length / 2));
        assertFalse(SqliteNativeCopy.keptCopy(folder).isPresent());
        SqliteNativeCopy.useIfKept(folder);
        assertNull(System.getProperty("org.sqlite.lib.path"), "a cut-short copy");

        SqliteNativeCopy.keep(folder);
        assertTrue(SqliteNativeCopy.keptCopy(folder).isPresent(), "replaced by a whole one");
    }

    @Test
    void aUsersOwnLibraryPath_isLeftAlone() {
        SqliteNativeCopy.keep(folder);
        System.setProperty("org.sqlite.lib.path", "/mine");

        SqliteNativeCopy.useIfKept(folder);

        assertEquals("/mine", System.getProperty("org.sqlite.lib.path"));
        assertNull(System.getProperty("org.sqlite.lib.name"));
    }
}

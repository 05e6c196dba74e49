package dev.chatarchive.host.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * A kept copy of sqlite-jdbc's native library beside the application jar, so a start does not extract it.
 *
 * <p>Why: on every start, sqlite-jdbc copies its native library (1.1 MB for Linux x86-64) out of the
 * jar into the temporary folder and reads both back to compare them before loading it: about 0.15 s of
 * CPU of a first screen meant to take under a second (docs/benchmarks.md, "First screen"). The
 * launcher's AppCDS training run, which runs after every build, keeps a copy in
 * {@code <jar folder>/sqlite-native/<sqlite-jdbc version>/}; a start that finds one of the jar's
 * exact size there names it to sqlite-jdbc ({@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}).
 * It never needs it: no copy, a copy of another size, a folder it cannot read, or a copy the system
 * refuses to load (sqlite-jdbc then extracts its own, as without it) all end in the usual extraction.
 * A user's own {@code org.sqlite.lib.path} is left alone.
 */
final class SqliteNativeCopy {

    static final String FOLDER = "sqlite-native";

    private SqliteNativeCopy() {
    }

    /** Names the kept copy to sqlite-jdbc when there is a good one. Never fails. */
    static void useIfKept() {
        folder().ifPresent(SqliteNativeCopy::useIfKept);
    }

    /** The same, for a copy kept in {@code folder}. */
    static void useIfKept(Path folder) {
        try {
            if (System.getProperty("org.sqlite.lib.path") == null) {
                keptCopy(folder).ifPresent(copy -> {
                    System.setProperty("org.sqlite.lib.path", copy.getParent().toString());
                    System.setProperty("org.sqlite.lib.name", copy.getFileName().toString());
                });
            }
        } catch (RuntimeException | LinkageError e) {
            // no copy then: sqlite-jdbc extracts its own
        }
    }

    /** The copy kept in {@code folder}, when it is there and as long as the jar's library. */
    static Optional<Path> keptCopy(Path folder) {
        return library().flatMap(library -> {
            Path copy = folder.resolve(LibraryLoaderUtil.getNativeLibName());
            try {
                return Files.isRegularFile(copy) && Files.size(copy) == size(library) ? Optional.of(copy) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Writes the copy (the training run does), whole or not at all. Never fails. */
    static void keep() {
        folder().ifPresent(SqliteNativeCopy::keep);
    }

    /** The same, into {@code folder}. */
    static void keep(Path folder) {
        try {
            Optional<URL> library = library();
            if (library.isEmpty() || keptCopy(folder).isPresent()) {
                return;
            }
            Files.createDirectories(folder);
            Path part = Files.createTempFile(folder, "copy", ".part");
            try (InputStream in = library.get().openStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, folder.resolve(LibraryLoaderUtil.getNativeLibName()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // no copy: every start extracts, as without it
        }
    }

    /** {@code <folder of the jar this class is in>/sqlite-native/<sqlite-jdbc version>}, when it is in a jar. */
    static Optional<Path> folder() {
        try {
            java.security.CodeSource source = SqliteNativeCopy.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return Optional.empty();
            }
            return Optional.of(jar.toAbsolutePath().getParent().resolve(FOLDER).resolve(SQLiteJDBCLoader.getVersion()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The native library sqlite-jdbc would extract on this system, if its jar holds one. */
    private static Optional<URL> library() {
        return Optional.ofNullable(SQLiteJDBCLoader.class.getResource(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName()));
    }

    private static long size(URL library) throws IOException {
        URLConnection connection = library.openConnection();
        connection.setUseCaches(false);
        return connection.getContentLengthLong();
    }
}

package dev.chatarchive.host.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Looks at a file before chat-archive opens it for real, without changing a byte of it or leaving
 * anything beside it, and says what it is: nothing yet, an archive, a baileys-bridge database to
 * adopt, or something this program must leave alone (then it throws, with a sentence).
 *
 * <p>Why so careful: the configured connection switches a file to WAL, which rewrites its header and
 * leaves {@code -wal}/{@code -shm} files beside it, and even a plain read-only SQLite connection to a
 * WAL-mode file creates those two files. So the probe first reads the header bytes itself, then asks
 * SQLite through an {@code immutable=1} connection: read-only, no locks, no side files. It sees the
 * main file only (not pages still in a {@code -wal}), which is enough to tell whose file it is; the
 * migration checks again on the real connection.
 */
final class ArchiveProbe {

    /** What the file is. */
    enum Kind {
        /** Missing, empty, or a SQLite database with no tables and no version: a new archive goes here. */
        NEW,
        /** A chat-archive archive this version can open (perhaps one needing a migration). */
        ARCHIVE,
        /** A baileys-bridge database, to be adopted. */
        LEGACY_BRIDGE
    }

    /**
     * @param kind    what the file is
     * @param version its {@code user_version} (0 unless an archive)
     */
    record Result(Kind kind, int version) {
    }

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private ArchiveProbe() {
    }

    /**
     * What {@code file} is.
     *
     * @throws ArchiveException when it must not be opened: not SQLite, a newer archive, someone else's
     *                          database; the message says so and that the file was not changed
     */
    static Result probe(Path file) {
        Result seen;
        try {
            seen = probeMainFile(file);
        } catch (ArchiveCorruptException mainFileAlone) {
            if (sizeOf(Path.of(file + "-wal")) == 0) {
                throw mainFileAlone;
            }
            // The main file alone can be a mix of old and new pages while its write-ahead log holds the
            // truth: a checkpoint that stopped part way (the disk filled up while it copied pages back).
            // Only SQLite with the log read can tell; the file is in WAL mode, so this changes nothing of it.
            return probeWithLog(file);
        }
        if (seen.kind() == Kind.NEW && sizeOf(Path.of(file + "-wal")) > 0) {
            // The main file is empty or stale, and the database lives in its write-ahead log (an archive
            // created a moment ago whose writer is running, or was killed): ask SQLite with the log read.
            // The file is in WAL mode already, so this connection changes nothing of it.
            return probeWithLog(file);
        }
        return seen;
    }

    private static Result probeWithLog(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return ask(dataSource, file);
    }

    private static Result probeMainFile(Path file) {
        if (!Files.exists(file) || sizeOf(file) == 0) {
            return new Result(Kind.NEW, 0);
        }
        if (!Files.isRegularFile(file)) {
            throw new ArchiveException(file + " is not a file (a folder?), so it cannot be an archive. "
                    + "Name an archive file with --archive FILE.");
        }
        if (!hasSqliteHeader(file)) {
            throw notADatabase(file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toUri() + "?immutable=1");
        return ask(dataSource, file);
    }

    private static Result ask(SQLiteDataSource dataSource, Path file) {
        try {
            return Jdbi.create(dataSource).withHandle(handle -> classify(handle, file));
        } catch (ArchiveException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("NOTADB") || message.contains("not a database") || message.contains("file is encrypted")) {
                throw notADatabase(file);
            }
            if (message.contains("CORRUPT") || message.contains("malformed")) {
                throw ArchiveErrors.corrupt(file, e);
            }
            throw e;
        }
    }

    private static Result classify(Handle handle, Path file) {
        int version = Migrations.checkOpenable(handle, file);
        if (version > 0) {
            return new Result(Kind.ARCHIVE, version);
        }
        if (LegacyBridgeAdoption.isLegacyBridge(handle)) {
            return new Result(Kind.LEGACY_BRIDGE, 0);
        }
        return new Result(Kind.NEW, 0);
    }

    private static boolean hasSqliteHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            throw new ArchiveException("Cannot read " + file + " (" + e.getMessage() + "). Check that it is readable, "
                    + "or name another archive with --archive FILE.", e);
        }
    }

    private static ArchiveException notADatabase(Path file) {
        return new ArchiveException(file + " is not a SQLite database, so it cannot be an archive. "
                + "Name another file with --archive FILE. The file was not changed.");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}

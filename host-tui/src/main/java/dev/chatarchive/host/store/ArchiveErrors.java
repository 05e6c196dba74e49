package dev.chatarchive.host.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns what SQLite reports about the file itself (full disk, damaged file) into sentences that
 * say what happened and what to do. Errors of our own SQL are not translated: they are bugs and
 * keep their stack trace for the log.
 */
public final class ArchiveErrors {

    private ArchiveErrors() {
    }

    /** SQLite's result code somewhere in {@code failure}'s causes, if it came from SQLite. */
    static Optional<SQLiteErrorCode> sqliteCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return Optional.ofNullable(sqlite.getResultCode());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code failure} says the disk (or the file's size limit) is full. */
    static boolean isDiskFull(Throwable failure) {
        if (sqliteCode(failure).map(code -> code.name().startsWith("SQLITE_FULL")).orElse(false)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (cause instanceof IOException && message.contains("no space left on device")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code failure} says the database file is damaged. */
    static boolean isCorrupt(Throwable failure) {
        return sqliteCode(failure).map(code -> code.name().startsWith("SQLITE_CORRUPT")
                || code.name().startsWith("SQLITE_NOTADB")).orElse(false);
    }

    /**
     * {@code failure} as a typed archive error when it is about the file (full disk, damage), else
     * empty.
     */
    static Optional<ArchiveException> translate(Throwable failure, Path file) {
        if (failure instanceof DiskFullException || failure instanceof ArchiveCorruptException) {
            return Optional.of((ArchiveException) failure);
        }
        if (isDiskFull(failure)) {
            return Optional.of(diskFull(file, failure));
        }
        if (isCorrupt(failure)) {
            return Optional.of(corrupt(file, failure));
        }
        return Optional.empty();
    }

    /** The archive's disk is full: which disk, how much room is left. */
    static DiskFullException diskFull(Path file, Throwable cause) {
        return new DiskFullException(file, describeDisk(file), cause);
    }

    /** The archive file is damaged: how to check it, and what to do about it. */
    static ArchiveCorruptException corrupt(Path file, Throwable cause) {
        return new ArchiveCorruptException("The archive " + file + " is damaged: SQLite reports \"" + sqliteMessage(cause)
                + "\". chat-archive will not write to it. Check it with: sqlite3 '" + file
                + "' 'PRAGMA integrity_check'. If that lists errors, restore the file from a backup, or save what is "
                + "readable with: sqlite3 '" + file + "' .recover | sqlite3 recovered.db, and open recovered.db with "
                + "--archive recovered.db.", cause);
    }

    /** "the disk /home (/dev/sda2), 0 bytes free", as far as it can be told. */
    static String describeDisk(Path file) {
        Path existing = file.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "the disk holding " + file;
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return "the disk " + store + " that holds " + file + " (" + bytes(store.getUsableSpace()) + " free)";
        } catch (IOException e) {
            return "the disk holding " + file;
        }
    }

    /** A size for people: 0 bytes, 12 KB, 3.4 MB, 1.2 GB. */
    public static String bytes(long count) {
        if (count < 1024) {
            return count + (count == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value))
                + " " + units[unit];
    }

    private static String sqliteMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                String message = String.valueOf(sqlite.getMessage());
                int open = message.indexOf('(');
                int close = message.lastIndexOf(')');
                return open >= 0 && close > open ? message.substring(open + 1, close) : message;
            }
        }
        return String.valueOf(failure.getMessage());
    }
}

package dev.chatarchive.whatsapp.backup;

import dev.chatarchive.whatsapp.backup.crypt.CryptVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of phone database a path is, from its name and first bytes (never read whole): the
 * answer to {@code canImport}.
 */
enum BackupKind {
    /** {@code msgstore.db.cryptNN} (or {@code wa.db.cryptNN}, which is refused with a sentence later). */
    ANDROID_ENCRYPTED,
    /** An SQLite file: a decrypted msgstore.db or an iPhone ChatStorage.sqlite (its tables tell which). */
    DATABASE,
    /** A Finder/iTunes backup folder (it holds {@code Manifest.db}). */
    IOS_BACKUP_FOLDER;

    static Optional<BackupKind> of(Path path) {
        if (path == null || path.getFileName() == null) {
            return Optional.empty();
        }
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve("Manifest.db")) ? Optional.of(IOS_BACKUP_FOLDER) : Optional.empty();
        }
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (CryptVersion.looksEncrypted(name)) {
            return Optional.of(ANDROID_ENCRYPTED);
        }
        return SqliteFiles.isSqlite(path) ? Optional.of(DATABASE) : Optional.empty();
    }
}

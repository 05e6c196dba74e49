package dev.chatarchive.whatsapp.backup.ios;

import dev.chatarchive.whatsapp.backup.BackupReader;
import dev.chatarchive.whatsapp.backup.MediaFiles;
import dev.chatarchive.whatsapp.backup.SqliteFiles;
import dev.chatarchive.whatsapp.backup.WorkingCopies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * iPhone WhatsApp stores: {@code ChatStorage.sqlite} itself, or an unencrypted Finder/iTunes backup
 * folder, where every file is stored under the SHA-1 of its domain and path
 * ({@code <folder>/7c/7c7fba66…} for ChatStorage.sqlite) and listed in {@code Manifest.db}'s
 * {@code Files(fileID, domain, relativePath)} table. The media files the messages name are found the
 * same way ({@link MediaFiles#inIphoneBackup}).
 */
public final class IosBackup {

    /** WhatsApp's and WhatsApp Business's shared app-group domains in an iPhone backup. */
    static final List<String> DOMAINS = List.of("AppDomainGroup-group.net.whatsapp.WhatsApp.shared",
            "AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared");

    private IosBackup() {
    }

    /** Whether the SQLite file {@code file} is a ChatStorage (it has the ZWAMESSAGE table). */
    public static boolean isChatStorage(Path file) throws SQLException {
        try (Connection connection = SqliteFiles.openForeignReadOnly(file)) {
            return SqliteFiles.tables(connection).contains("zwamessage");
        }
    }

    /** Opens a working copy of ChatStorage.sqlite, with the indexes paging needs. */
    public static BackupReader openDatabase(Path workingCopy, String name, MediaFiles media) throws SQLException {
        Connection connection = SqliteFiles.openWorkingCopy(workingCopy);
        try {
            if (!SqliteFiles.tables(connection).contains("zwachatsession")) {
                throw new IllegalArgumentException("'" + name + "' has WhatsApp's message table but no chat sessions:"
                        + " is it a complete ChatStorage.sqlite?");
            }
            SqliteFiles.execute(connection,
                    "CREATE INDEX IF NOT EXISTS chat_archive_page ON ZWAMESSAGE(ZCHATSESSION, ZMESSAGEDATE, Z_PK)");
            SqliteFiles.execute(connection,
                    "CREATE INDEX IF NOT EXISTS chat_archive_stanza ON ZWAMESSAGE(ZCHATSESSION, ZSTANZAID)");
            if (SqliteFiles.tables(connection).contains("zwamediaitem")) {
                SqliteFiles.execute(connection, "CREATE INDEX IF NOT EXISTS chat_archive_media ON ZWAMEDIAITEM(ZMESSAGE)");
            }
            return new IosReader(connection, media);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Finds WhatsApp's ChatStorage.sqlite (and its -wal and -shm) in an iPhone backup folder through
     * Manifest.db, copies them into {@code workFolder} and opens the copy.
     *
     * @throws IllegalArgumentException with a sentence when the backup is encrypted, incomplete or damaged,
     *                                  or holds no WhatsApp
     */
    public static BackupReader openBackupFolder(Path backupFolder, Path workFolder) throws SQLException, IOException {
        Path manifest = backupFolder.resolve("Manifest.db");
        String name = backupFolder.getFileName().toString();
        // Manifest.plist says so whatever Manifest.db looks like: before iOS 10.2 an encrypted backup's
        // Manifest.db was a plain database and only the files it lists were encrypted.
        java.util.Optional<Boolean> encrypted = BackupFolderState.encryptedByManifestPlist(backupFolder);
        if (encrypted.orElse(false)) {
            throw encrypted(name);
        }
        if (!SqliteFiles.isSqlite(manifest)) {
            String how = BackupFolderState.notSqlite(manifest);
            if (how == null && encrypted.isEmpty()) {
                throw encrypted(name);
            }
            throw incomplete(name, "its Manifest.db (the list of the backup's files) "
                    + (how != null ? how : "is not a database, and its Manifest.plist says the backup is not encrypted"));
        }
        // domain -> (relative path -> file id); WhatsApp's own domain is preferred over WhatsApp Business's,
        // and the database, its -wal and its -shm are always taken from the same one.
        Map<String, Map<String, String>> byDomain = new LinkedHashMap<>();
        DOMAINS.forEach(candidate -> byDomain.put(candidate, new LinkedHashMap<>()));
        try (Connection connection = SqliteFiles.openForeignReadOnly(manifest);
             PreparedStatement statement = connection.prepareStatement("SELECT fileID, domain, relativePath FROM Files"
                     + " WHERE domain IN (?, ?) AND relativePath IN"
                     + " ('ChatStorage.sqlite', 'ChatStorage.sqlite-wal', 'ChatStorage.sqlite-shm')")) {
            statement.setString(1, DOMAINS.get(0));
            statement.setString(2, DOMAINS.get(1));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byDomain.get(rs.getString(2)).putIfAbsent(rs.getString(3), rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw incomplete(name, "its Manifest.db (the list of the backup's files) could not be read ("
                    + e.getMessage() + ")");
        }
        String domain = DOMAINS.stream().filter(candidate -> byDomain.get(candidate).containsKey("ChatStorage.sqlite"))
                .findFirst().orElse(DOMAINS.get(0));
        Map<String, String> files = byDomain.get(domain);
        if (!files.containsKey("ChatStorage.sqlite")) {
            throw new IllegalArgumentException("The iPhone backup '" + name + "' holds no WhatsApp chats (no"
                    + " ChatStorage.sqlite in its Manifest.db): was WhatsApp installed, and is the backup complete?");
        }
        Path copy = null;
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path stored = stored(backupFolder, file.getValue());
            if (stored == null) {
                if (file.getKey().equals("ChatStorage.sqlite")) {
                    throw incomplete(name, "its Manifest.db lists ChatStorage.sqlite as " + file.getValue()
                            + ", but that file is missing");
                }
                continue;
            }
            Path target = WorkingCopies.copy(stored, workFolder, file.getKey());
            if (file.getKey().equals("ChatStorage.sqlite")) {
                copy = target;
            }
        }
        if (!SqliteFiles.isSqlite(copy)) {
            if (BackupFolderState.looksEncrypted(copy)) {
                throw encrypted(name);
            }
            throw incomplete(name, "its copy of ChatStorage.sqlite " + BackupFolderState.notSqlite(copy));
        }
        // Media stay in the backup folder, read from there when the archive stores them.
        return openDatabase(copy, name + " (ChatStorage.sqlite)", MediaFiles.inIphoneBackup(backupFolder, domain));
    }

    private static IllegalArgumentException encrypted(String name) {
        return new IllegalArgumentException("The iPhone backup '" + name + "' is encrypted, and chat-archive reads"
                + " unencrypted backups only. Make an unencrypted one: in Finder (or iTunes), select the iPhone,"
                + " clear \"Encrypt local backup\" (it asks for the backup password) and back up again; or copy"
                + " ChatStorage.sqlite out with a backup tool and import that file.");
    }

    private static IllegalArgumentException incomplete(String name, String what) {
        return new IllegalArgumentException("The iPhone backup '" + name + "' is incomplete or damaged: " + what
                + ". Back up the iPhone again in Finder (or iTunes) and wait until it says the backup has finished,"
                + " then import the new backup folder; or copy ChatStorage.sqlite out with a backup tool and import"
                + " that file.");
    }

    /** Where a backup keeps file {@code id}: {@code <id[0:2]>/<id>} since iOS 10, {@code <id>} before. */
    private static Path stored(Path folder, String id) {
        if (id == null || id.length() < 3 || !id.matches("[0-9a-fA-F]+")) {
            return null;
        }
        Path nested = folder.resolve(id.substring(0, 2)).resolve(id);
        if (Files.isRegularFile(nested)) {
            return nested;
        }
        Path flat = folder.resolve(id);
        return Files.isRegularFile(flat) ? flat : null;
    }
}

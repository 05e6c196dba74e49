package dev.chatarchive.whatsapp.backup.ios;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an iPhone backup folder says about itself before its files are read: whether Finder (or
 * iTunes) encrypted it ({@code IsEncrypted} in {@code Manifest.plist}, XML or binary), and, when its
 * {@code Manifest.db} is not a readable SQLite file, whether that file looks encrypted (iOS 10.2 and
 * later encrypt it with AES-CBC: a whole number of 16-byte blocks of noise) or incomplete (empty, cut
 * short, zeros: an interrupted or damaged backup).
 */
final class BackupFolderState {

    private static final int AES_BLOCK = 16;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private BackupFolderState() {
    }

    /**
     * {@code IsEncrypted} from the folder's {@code Manifest.plist}; empty when there is no such file,
     * it cannot be parsed, or it does not say.
     */
    static Optional<Boolean> encryptedByManifestPlist(Path folder) {
        Path plist = folder.resolve("Manifest.plist");
        if (!Files.isRegularFile(plist)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(plist)) {
            NSObject root = PropertyListParser.parse(in);
            if (root instanceof NSDictionary dictionary && dictionary.objectForKey("IsEncrypted") instanceof NSNumber flag) {
                return Optional.of(flag.boolValue());
            }
            return Optional.empty();
        } catch (Exception e) {
            // dd-plist reports a malformed file with several exception types; a plist we cannot read says nothing.
            return Optional.empty();
        }
    }

    /** How a {@code Manifest.db} that is not an SQLite file looks: {@code null} when it looks encrypted. */
    static String notSqlite(Path manifest) throws IOException {
        long size = Files.size(manifest);
        if (size == 0) {
            return "is empty";
        }
        byte[] start;
        try (InputStream in = Files.newInputStream(manifest)) {
            start = in.readNBytes(AES_BLOCK);
        }
        boolean sqlitePrefix = java.util.Arrays.equals(start, 0, start.length, SQLITE_MAGIC, 0, start.length);
        if (sqlitePrefix) {
            return "is cut short (" + size + (size == 1 ? " byte)" : " bytes)");
        }
        boolean zeros = true;
        for (byte b : start) {
            zeros &= b == 0;
        }
        if (zeros) {
            return "holds only zeros at its start";
        }
        if (size % AES_BLOCK != 0) {
            return "is neither a database nor an encrypted one (" + size + " bytes, not whole 16-byte blocks)";
        }
        return null;
    }

    /** Whether a file the backup lists, which should be a database, looks encrypted (see {@link #notSqlite}). */
    static boolean looksEncrypted(Path file) throws IOException {
        return notSqlite(file) == null;
    }
}

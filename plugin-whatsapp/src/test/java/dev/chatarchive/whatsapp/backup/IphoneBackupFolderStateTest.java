package dev.chatarchive.whatsapp.backup;

import static dev.chatarchive.whatsapp.backup.FixtureDatabases.ANNA;
import static dev.chatarchive.whatsapp.backup.FixtureDatabases.GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDictionary;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PermanentProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An iPhone backup folder that cannot be read says why: encrypted (by its Manifest.plist, or by its
 * files looking like AES output) or incomplete/damaged (an empty, cut-short or unreadable
 * Manifest.db, a listed file that is missing or cut short), each with what to do.
 */
class IphoneBackupFolderStateTest {

    private static final String CHAT_STORAGE_ID = "7c7fba66680ef796b916b067077cc246adacf01d";

    @TempDir
    Path temp;

    private BackupHistorySource source;

    @BeforeEach
    void start() throws Exception {
        source = new BackupHistorySource();
        source.start(new BackupTestContext(temp.resolve("ctx")));
    }

    @AfterEach
    void stop() {
        source.stop();
    }

    /** A readable backup folder (Manifest.db listing ChatStorage.sqlite at 7c/…), as Finder writes one unencrypted. */
    private Path backupFolder(String name) throws Exception {
        Path db = FixtureDatabases.iosChatStorage(Files.createDirectories(temp.resolve("src-" + name)).resolve("ChatStorage.sqlite"));
        return FixtureDatabases.iosBackupFolder(temp.resolve("Backup").resolve(name), db);
    }

    /** Bytes as AES-CBC leaves them: whole 16-byte blocks of noise. */
    private static byte[] noise(int blocks) {
        byte[] bytes = new byte[blocks * 16];
        new Random(blocks).nextBytes(bytes);
        return bytes;
    }

    private static void manifestPlist(Path folder, boolean encrypted, boolean binary) throws Exception {
        NSDictionary plist = new NSDictionary();
        plist.put("IsEncrypted", encrypted);
        plist.put("Version", "10.0");
        if (binary) {
            BinaryPropertyListWriter.write(plist, folder.resolve("Manifest.plist"));
        } else {
            Files.writeString(folder.resolve("Manifest.plist"), plist.toXMLPropertyList());
        }
    }

    private String refusal(Path folder) {
        assertTrue(source.canImport(folder));
        PermanentProviderException e = assertThrows(PermanentProviderException.class,
                () -> source.importSource(folder, ImportOptions.NONE));
        return e.getMessage();
    }

    private static void assertEncryptedSentence(String message) {
        assertTrue(message.contains("is encrypted") && message.contains("Encrypt local backup"), message);
    }

    private static void assertIncompleteSentence(String message, String what) {
        assertTrue(message.contains("is incomplete or damaged") && message.contains(what)
                && message.contains("Back up the iPhone again"), message);
        assertFalse(message.contains("is encrypted"), message);
    }

    @Test
    void readableFolder_withAManifestPlistSayingNotEncrypted_isRead() throws Exception {
        Path folder = backupFolder("plain");
        manifestPlist(folder, false, true);

        List<ChatDescription> chats = source.importSource(folder, ImportOptions.NONE);

        assertEquals(Set.of(ANNA, GROUP), chats.stream().map(ChatDescription::chatId).collect(Collectors.toSet()));
    }

    @Test
    void emptyManifestDb_saysTheBackupIsIncompleteNotEncrypted() throws Exception {
        Path folder = backupFolder("empty");
        Files.write(folder.resolve("Manifest.db"), new byte[0]);

        assertIncompleteSentence(refusal(folder), "Manifest.db (the list of the backup's files) is empty");
    }

    @Test
    void manifestDbCutInsideItsHeader_saysTheBackupIsIncomplete() throws Exception {
        Path folder = backupFolder("cut-header");
        byte[] whole = Files.readAllBytes(folder.resolve("Manifest.db"));
        Files.write(folder.resolve("Manifest.db"), Arrays.copyOf(whole, 9));

        assertIncompleteSentence(refusal(folder), "is cut short (9 bytes)");
    }

    @Test
    void manifestDbCutAfterItsHeader_saysTheBackupIsIncomplete() throws Exception {
        Path folder = backupFolder("cut-pages");
        byte[] whole = Files.readAllBytes(folder.resolve("Manifest.db"));
        Files.write(folder.resolve("Manifest.db"), Arrays.copyOf(whole, 100));

        assertIncompleteSentence(refusal(folder), "Manifest.db (the list of the backup's files) could not be read");
    }

    @Test
    void manifestDbOfZeros_saysTheBackupIsIncomplete() throws Exception {
        Path folder = backupFolder("zeros");
        Files.write(folder.resolve("Manifest.db"), new byte[8192]);

        assertIncompleteSentence(refusal(folder), "holds only zeros");
    }

    @Test
    void manifestDbOfNoise_whileManifestPlistSaysNotEncrypted_saysTheBackupIsDamaged() throws Exception {
        Path folder = backupFolder("noise-plain");
        Files.write(folder.resolve("Manifest.db"), noise(256));
        manifestPlist(folder, false, false);

        assertIncompleteSentence(refusal(folder), "Manifest.plist says the backup is not encrypted");
    }

    @Test
    void encryptedManifestDb_withoutManifestPlist_isEncrypted() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("Backup/locked"));
        Files.write(folder.resolve("Manifest.db"), noise(256));

        assertEncryptedSentence(refusal(folder));
    }

    @Test
    void encryptedManifestDb_withManifestPlistSayingEncrypted_isEncrypted() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("Backup/locked-plist"));
        Files.write(folder.resolve("Manifest.db"), noise(256));
        manifestPlist(folder, true, true);

        assertEncryptedSentence(refusal(folder));
    }

    /** Before iOS 10.2 an encrypted backup's Manifest.db was plain SQLite; only the files it lists were encrypted. */
    @Test
    void plainManifestDb_withManifestPlistSayingEncrypted_isEncryptedNotANonDatabase() throws Exception {
        Path folder = backupFolder("old-ios-binary");
        Files.write(folder.resolve("7c").resolve(CHAT_STORAGE_ID), noise(512));
        manifestPlist(folder, true, true);

        assertEncryptedSentence(refusal(folder));
    }

    @Test
    void plainManifestDb_withAnXmlManifestPlistSayingEncrypted_isEncrypted() throws Exception {
        Path folder = backupFolder("old-ios-xml");
        Files.write(folder.resolve("7c").resolve(CHAT_STORAGE_ID), noise(512));
        manifestPlist(folder, true, false);

        assertEncryptedSentence(refusal(folder));
    }

    @Test
    void plainManifestDb_listingAnEncryptedLookingChatStorage_withoutManifestPlist_isEncrypted() throws Exception {
        Path folder = backupFolder("old-ios-no-plist");
        Files.write(folder.resolve("7c").resolve(CHAT_STORAGE_ID), noise(512));

        assertEncryptedSentence(refusal(folder));
    }

    @Test
    void chatStorageCutShort_saysTheBackupIsIncomplete() throws Exception {
        Path folder = backupFolder("cut-chat-storage");
        Path stored = folder.resolve("7c").resolve(CHAT_STORAGE_ID);
        Files.write(stored, Arrays.copyOf(Files.readAllBytes(stored), 7));

        assertIncompleteSentence(refusal(folder), "its copy of ChatStorage.sqlite is cut short (7 bytes)");
    }

    @Test
    void listedChatStorageMissing_saysTheBackupIsIncomplete() throws Exception {
        Path folder = backupFolder("missing-chat-storage");
        Files.delete(folder.resolve("7c").resolve(CHAT_STORAGE_ID));

        assertIncompleteSentence(refusal(folder), "lists ChatStorage.sqlite as " + CHAT_STORAGE_ID
                + ", but that file is missing");
    }
}

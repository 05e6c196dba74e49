package dev.chatarchive.whatsapp.backup.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.whatsapp.backup.TestBackups;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decryption against known answers: backups written by an independent encryptor
 * ({@code src/test/resources/backup/kat/make_kat.py}) with fixed keys, which must give back
 * {@code kat.db} byte for byte; and the sentences for every way a backup or key can be wrong.
 */
class BackupDecryptorTest {

    @TempDir
    Path temp;

    private Path kat(String name) throws IOException {
        Path target = temp.resolve(name);
        if (!Files.exists(target)) {
            try (InputStream in = BackupDecryptorTest.class.getResourceAsStream("/backup/kat/" + name)) {
                Files.copy(in, target);
            }
        }
        return target;
    }

    private String katText(String name) throws IOException {
        return Files.readString(kat(name)).strip();
    }

    private Path decrypt(String backup, String key) throws Exception {
        Path out = temp.resolve("out.db");
        BackupDecryptor.decrypt(kat(backup), BackupKey.parse(key), out, null);
        return out;
    }

    private void assertIsKatDatabase(Path decrypted) throws IOException {
        assertEquals(-1, Files.mismatch(decrypted, kat("kat.db")), "the decrypted file is kat.db byte for byte");
    }

    @Test
    void payloadKey_isHkdfOfTheRootKeyWithBackupEncryptionInfo() throws IOException {
        byte[] root = HexFormat.of().parseHex(katText("root-key.hex"));
        assertArrayEquals(HexFormat.of().parseHex(katText("crypt15-payload-key.hex")),
                BackupDecryptor.backupEncryptionKey(root));
    }

    @Test
    void crypt15_withTheEncryptedBackupKeyFile_givesTheDatabase() throws Exception {
        assertIsKatDatabase(decrypt("msgstore.db.crypt15", kat("encrypted_backup.key").toString()));
    }

    @Test
    void crypt15_withTheHexKeyWrittenInGroups_givesTheDatabase() throws Exception {
        String hex = katText("root-key.hex");
        String grouped = String.join(" ", hex.split("(?<=\\G.{4})")).toUpperCase();
        assertIsKatDatabase(decrypt("msgstore.db.crypt15", grouped));
    }

    @Test
    void crypt15_withoutFlagByteOrMd5Footer_givesTheDatabase() throws Exception {
        assertIsKatDatabase(decrypt("wa.db.crypt15", katText("root-key.hex")));
    }

    @Test
    void crypt14_withTheKeyFile_givesTheDatabase() throws Exception {
        assertIsKatDatabase(decrypt("msgstore.db.crypt14", kat("key").toString()));
    }

    @Test
    void crypt12_withTheKeyFile_givesTheDatabase() throws Exception {
        assertIsKatDatabase(decrypt("msgstore.db.crypt12", kat("key").toString()));
    }

    @Test
    void decrypt_reportsTheVersionInTheHeader() throws Exception {
        assertEquals(CryptVersion.CRYPT14, BackupDecryptor.decrypt(kat("msgstore.db.crypt14"),
                BackupKey.parse(kat("key").toString()), temp.resolve("o.db"), null));
    }

    @Test
    void crypt15_wrongKey_saysTheKeyDoesNotOpenIt() throws Exception {
        String wrong = "00".repeat(31) + "01";
        BackupCryptException e = assertThrows(BackupCryptException.class, () -> decrypt("msgstore.db.crypt15", wrong));
        assertTrue(e.getMessage().contains("The key does not open 'msgstore.db.crypt15'"), e.getMessage());
    }

    @Test
    void crypt14_keyFileOfAnotherAccount_saysItBelongsElsewhere() throws Exception {
        byte[] key = Files.readAllBytes(kat("key"));
        key[30] ^= 1; // the server salt starts at byte 30
        Path other = Files.write(temp.resolve("other-key"), key);
        BackupCryptException e = assertThrows(BackupCryptException.class,
                () -> decrypt("msgstore.db.crypt14", other.toString()));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void crypt15_givenALegacyKeyFile_saysWhichKeyItNeeds() throws Exception {
        BackupCryptException e = assertThrows(BackupCryptException.class,
                () -> decrypt("msgstore.db.crypt15", kat("key").toString()));
        assertTrue(e.getMessage().contains("64-digit key"), e.getMessage());
    }

    @Test
    void crypt14_givenAHexKey_saysWhichKeyItNeeds() throws Exception {
        BackupCryptException e = assertThrows(BackupCryptException.class,
                () -> decrypt("msgstore.db.crypt14", katText("root-key.hex")));
        assertTrue(e.getMessage().contains("'key' file"), e.getMessage());
    }

    @Test
    void truncatedBackup_saysItEndsTooEarly_atEveryCut() throws Exception {
        byte[] whole = Files.readAllBytes(kat("msgstore.db.crypt15"));
        for (int cut : new int[] {1, 5, 40, whole.length / 2, whole.length - 40, whole.length - 17}) {
            Path truncated = Files.write(temp.resolve("cut.db.crypt15"), Arrays.copyOf(whole, cut));
            Path out = temp.resolve("out.db");
            BackupCryptException e = assertThrows(BackupCryptException.class, () ->
                    BackupDecryptor.decrypt(truncated, BackupKey.parse(katText("root-key.hex")), out, null),
                    "cut at " + cut);
            assertTrue(e.getMessage().contains("ends too early") || e.getMessage().contains("does not have the header"),
                    "cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void damagedBackup_saysItIsDamaged() throws Exception {
        byte[] whole = Files.readAllBytes(kat("msgstore.db.crypt14"));
        whole[whole.length - 60] ^= 0x40;
        Path damaged = Files.write(temp.resolve("msgstore.db.crypt14"), whole);
        BackupCryptException e = assertThrows(BackupCryptException.class, () ->
                BackupDecryptor.decrypt(damaged, BackupKey.parse(kat("key").toString()), temp.resolve("o.db"), null));
        assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("ends too early"), e.getMessage());
    }

    @Test
    void unknownCryptVersion_isNamedInASentence() {
        BackupCryptException e = assertThrows(BackupCryptException.class,
                () -> CryptVersion.ofFileName("msgstore.db.crypt16"));
        assertTrue(e.getMessage().contains("crypt16"), e.getMessage());
    }

    @Test
    void notABackupHeader_saysSo() throws Exception {
        Path junk = Files.write(temp.resolve("junk.db.crypt15"), new byte[] {0x30, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F,
                0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F,
                0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F,
                0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F,
                0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F});
        BackupCryptException e = assertThrows(BackupCryptException.class, () ->
                BackupDecryptor.decrypt(junk, BackupKey.parse(katText("root-key.hex")), temp.resolve("o.db"), null));
        assertTrue(e.getMessage().contains("does not have the header"), e.getMessage());
    }

    @Test
    void keyWithTooFewDigits_saysHowManyItNeeds() {
        BackupCryptException e = assertThrows(BackupCryptException.class, () -> BackupKey.parse("ab".repeat(31)));
        assertTrue(e.getMessage().contains("62 hexadecimal digits") && e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void keyThatIsNeitherDigitsNorAFile_saysWhatWasExpected() {
        BackupCryptException e = assertThrows(BackupCryptException.class, () -> BackupKey.parse("/no/such/key"));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void keyFileOfAnotherKind_isRefused() throws Exception {
        Path notKey = Files.writeString(temp.resolve("notes.txt"), "not a key at all");
        BackupCryptException e = assertThrows(BackupCryptException.class, () -> BackupKey.parse(notKey.toString()));
        assertTrue(e.getMessage().contains("is not a WhatsApp key file"), e.getMessage());
    }

    @Test
    void keyFiles_areReadByTheirLayout() throws Exception {
        assertInstanceOf(BackupKey.RootKey.class, BackupKey.parse(kat("encrypted_backup.key").toString()));
        BackupKey.LegacyKey legacy = assertInstanceOf(BackupKey.LegacyKey.class, BackupKey.parse(kat("key").toString()));
        assertEquals(2, legacy.keyVersion());
    }

    @Test
    void largeBackup_decryptsInChunksWithAPartialLastBlock() throws Exception {
        // 3 MB of incompressible data, not a multiple of 16 bytes: many 64 KB chunks, a partial last block.
        byte[] data = new byte[3 * 1024 * 1024 + 7];
        new Random(7).nextBytes(data);
        System.arraycopy("SQLite format 3\0".getBytes(), 0, data, 0, 16);
        Path plain = Files.write(temp.resolve("big.db"), data);
        Path backup = TestBackups.crypt15(plain, temp.resolve("big.db.crypt15"));
        Path out = temp.resolve("big-out.db");
        long[] last = {0, 0};
        BackupDecryptor.decrypt(backup, BackupKey.parse(TestBackups.rootKeyHex()), out, (done, total) -> {
            last[0] = done;
            last[1] = total;
        });
        assertEquals(-1, Files.mismatch(out, plain));
        assertEquals(Files.size(backup), last[0], "progress reaches the whole file");
        assertEquals(last[1], last[0]);
    }

    @Test
    void decryptedButNotSqlite_saysSo() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.txt"), "hello, this is not a database at all");
        Path backup = TestBackups.crypt15(text, temp.resolve("notes.db.crypt15"));
        BackupCryptException e = assertThrows(BackupCryptException.class, () -> BackupDecryptor.decrypt(backup,
                BackupKey.parse(TestBackups.rootKeyHex()), temp.resolve("o.db"), null));
        assertTrue(e.getMessage().contains("not a WhatsApp database"), e.getMessage());
    }
}

package dev.chatarchive.whatsapp.backup.crypt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key that opens an Android backup, in one of the forms a user holds it:
 * <ul>
 *   <li>{@link RootKey}: the 64 hexadecimal digits WhatsApp shows when end-to-end encrypted backups
 *       are turned on with a key (not a password), or the {@code encrypted_backup.key} file that holds
 *       the same 32 bytes; opens {@code crypt15};
 *   <li>{@link LegacyKey}: the {@code key} file from {@code /data/data/com.whatsapp/files/} of a rooted
 *       phone; opens {@code crypt12} and {@code crypt14}.
 * </ul>
 * Both files are Java-serialized byte arrays. They are read by their fixed layout, never with
 * {@code ObjectInputStream} (an untrusted file must not choose which classes get built).
 */
public sealed interface BackupKey {

    /** The serialization preamble of a Java {@code byte[]}: stream magic, class "[B", its serial id. */
    byte[] SERIALIZED_BYTE_ARRAY = HexFormat.of().parseHex("aced0005757200025b42acf317f8060854e00200007870");

    /** A crypt15 root key: 32 bytes. */
    record RootKey(byte[] bytes) implements BackupKey {
        public RootKey {
            if (bytes.length != 32) {
                throw new IllegalArgumentException("a root key has 32 bytes, not " + bytes.length);
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "RootKey[hidden]";
        }
    }

    /** A crypt12/crypt14 key file's contents. */
    record LegacyKey(byte[] cipherVersion, int keyVersion, byte[] serverSalt, byte[] googleIdSalt, byte[] aesKey)
            implements BackupKey {
        public LegacyKey {
            if (cipherVersion.length != 2 || serverSalt.length != 32 || googleIdSalt.length != 16
                    || aesKey.length != 32) {
                throw new IllegalArgumentException("a key file has a 2-byte cipher version, a 32-byte server salt,"
                        + " a 16-byte id salt and a 32-byte AES key");
            }
            cipherVersion = cipherVersion.clone();
            serverSalt = serverSalt.clone();
            googleIdSalt = googleIdSalt.clone();
            aesKey = aesKey.clone();
        }

        @Override
        public byte[] serverSalt() {
            return serverSalt.clone();
        }

        @Override
        public byte[] aesKey() {
            return aesKey.clone();
        }

        @Override
        public String toString() {
            return "LegacyKey[version " + keyVersion + ", hidden]";
        }
    }

    /**
     * The key the user gave on the command line: the path of a key file when such a file exists,
     * else the 64 hexadecimal digits (spaces and dashes between them are ignored).
     *
     * @throws BackupCryptException when it is neither, with a sentence saying what was expected
     */
    static BackupKey parse(String given) throws BackupCryptException {
        String text = given.strip();
        Path asPath;
        try {
            asPath = Path.of(text);
        } catch (RuntimeException e) {
            asPath = null;
        }
        if (asPath != null && Files.isRegularFile(asPath)) {
            return fromFile(asPath);
        }
        String digits = text.replaceAll("[\\s-]", "");
        if (digits.matches("[0-9a-fA-F]{64}")) {
            return new RootKey(HexFormat.of().parseHex(digits));
        }
        if (digits.matches("[0-9a-fA-F]+")) {
            throw new BackupCryptException("The key has " + digits.length() + " hexadecimal digits; WhatsApp's"
                    + " end-to-end backup key has 64. Check that you copied all of it.");
        }
        throw new BackupCryptException("--key must be the 64-digit key WhatsApp showed when you turned on"
                + " end-to-end encrypted backup, or the path of a key file (encrypted_backup.key, or 'key' from a"
                + " rooted phone); '" + abbreviate(text) + "' is neither (no such file).");
    }

    /**
     * Reads a key file: {@code encrypted_backup.key} (59 bytes) or {@code key} (158 bytes).
     *
     * @throws BackupCryptException when the file is neither
     */
    static BackupKey fromFile(Path file) throws BackupCryptException {
        byte[] content;
        try {
            if (Files.size(file) > 4096) {
                throw new BackupCryptException("'" + file + "' is too large to be a WhatsApp key file (they are"
                        + " 59 or 158 bytes).");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BackupCryptException("The key file '" + file + "' could not be read (" + e.getMessage() + ").", e);
        }
        byte[] payload = serializedPayload(content);
        if (payload == null) {
            throw new BackupCryptException("'" + file + "' is not a WhatsApp key file: expected encrypted_backup.key"
                    + " (59 bytes) or key (158 bytes), as WhatsApp writes them.");
        }
        if (payload.length == 32) {
            return new RootKey(payload);
        }
        if (payload.length == 131) {
            ByteBuffer in = ByteBuffer.wrap(payload);
            byte[] cipherVersion = take(in, 2);
            int keyVersion = in.get() & 0xFF;
            byte[] serverSalt = take(in, 32);
            byte[] googleIdSalt = take(in, 16);
            take(in, 32); // SHA-256 of the Google account id
            take(in, 16); // an all-zero IV
            return new LegacyKey(cipherVersion, keyVersion, serverSalt, googleIdSalt, take(in, 32));
        }
        throw new BackupCryptException("'" + file + "' holds a " + payload.length + "-byte key; WhatsApp's key files"
                + " hold 32 bytes (encrypted_backup.key) or 131 (key).");
    }

    /** The array inside a Java-serialized {@code byte[]}, or {@code null} when it is not one. */
    private static byte[] serializedPayload(byte[] content) {
        int start = SERIALIZED_BYTE_ARRAY.length;
        if (content.length < start + 4 || !Arrays.equals(content, 0, start, SERIALIZED_BYTE_ARRAY, 0, start)) {
            return null;
        }
        // The preamble ends with TC_ENDBLOCKDATA and TC_NULL; the array length follows as a 4-byte int.
        int length = ByteBuffer.wrap(content, start, 4).getInt();
        if (length < 0 || content.length != start + 4 + length) {
            return null;
        }
        return Arrays.copyOfRange(content, start + 4, content.length);
    }

    private static byte[] take(ByteBuffer in, int count) {
        byte[] out = new byte[count];
        in.get(out);
        return out;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}

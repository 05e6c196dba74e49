package dev.chatarchive.whatsapp.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes crypt15 backups and key files as WhatsApp does, for tests: the encrypting side, written
 * from the format description in docs/whatsapp-backups.md (the committed known-answer files come
 * from an independent Python encryptor, make_kat.py).
 */
public final class TestBackups {

    public static final byte[] ROOT_KEY = HexFormat.of().parseHex(
            "5ab1e0c0ffee00112233445566778899aabbccddeeff0123456789abcdef0102");
    private static final byte[] IV = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");
    private static final byte[] JAVA_BYTE_ARRAY = HexFormat.of().parseHex("aced0005757200025b42acf317f8060854e00200007870");

    private TestBackups() {
    }

    /** The 64 hexadecimal digits of {@link #ROOT_KEY}, as WhatsApp shows them (in groups of four). */
    public static String rootKeyHex() {
        String hex = HexFormat.of().formatHex(ROOT_KEY);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            grouped.append(i == 0 ? "" : " ").append(hex, i, i + 4);
        }
        return grouped.toString();
    }

    /** Writes {@code database} encrypted as {@code target} (a crypt15 backup under {@link #ROOT_KEY}). */
    public static Path crypt15(Path database, Path target) throws IOException {
        byte[] compressed = deflate(Files.readAllBytes(database));
        byte[] info = concat(field(1, "2.24.1.6".getBytes()), field(3, "42".getBytes()));
        byte[] prefix = concat(new byte[] {0x08, 0x01}, field(3, field(1, IV)), field(4, info));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(prefix.length);
        out.write(1);
        out.writeBytes(prefix);
        out.writeBytes(encrypt(payloadKey(ROOT_KEY), compressed));
        byte[] body = out.toByteArray();
        out.writeBytes(md5(body));
        Files.write(target, out.toByteArray());
        return target;
    }

    /** Writes {@link #ROOT_KEY} as an {@code encrypted_backup.key} file. */
    public static Path encryptedBackupKey(Path target) throws IOException {
        Files.write(target, concat(JAVA_BYTE_ARRAY, ByteBuffer.allocate(4).putInt(32).array(), ROOT_KEY));
        return target;
    }

    private static byte[] payloadKey(byte[] root) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            mac.init(new SecretKeySpec(mac.doFinal(root), "HmacSHA256"));
            return mac.doFinal(concat("backup encryption".getBytes(), new byte[] {1}));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encrypt(byte[] key, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, IV));
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] deflate(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED))) {
            deflater.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] field(int number, byte[] value) {
        return concat(new byte[] {(byte) (number << 3 | 2), (byte) value.length}, value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

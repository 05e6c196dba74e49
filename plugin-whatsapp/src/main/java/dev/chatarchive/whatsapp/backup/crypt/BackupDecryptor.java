package dev.chatarchive.whatsapp.backup.crypt;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts an Android WhatsApp backup ({@code msgstore.db.crypt12/14/15}) into a plain SQLite file,
 * streaming: memory stays the same whatever the backup's size.
 *
 * <p>Every version is AES-256-GCM over a zlib stream of the SQLite file, with a 16-byte IV and a
 * 16-byte tag. What differs is the header (crypt12: 67 raw bytes; crypt14 and crypt15: a length
 * byte, an optional {@code 0x01} flag and a protobuf message), where the key comes from (crypt15:
 * HKDF-SHA256 of the 32-byte root key with the info {@code "backup encryption"}; crypt12/14: the
 * {@code key} file's AES key) and the trailer (crypt12: tag, MD5 of all before it, four bytes of the
 * phone number; crypt14/15: tag, then an MD5 of all before it that some files lack).
 *
 * <p>Streaming AES-GCM: the JDK's GCM decryption holds the whole ciphertext until it has checked
 * the tag, which for a 2 GB backup means 2 GB of memory. GCM's keystream does not depend on the
 * data, so this class runs two GCM <em>encryptions</em> with the backup's key and IV instead: the
 * first, fed the ciphertext, yields the plaintext (ciphertext XOR keystream); the second, fed the
 * plaintext, yields the ciphertext again and, at the end, the tag GCM computes over it, which must
 * equal the file's tag. Both stream, and the tag is still checked before the result is used: the
 * caller gets the file only when this method returns normally.
 *
 * <p>A wrong key shows in the first decrypted bytes, which are then no zlib header: that is
 * reported at once, before the rest is read.
 */
public final class BackupDecryptor {

    /** How far decryption has come, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        void bytesRead(long done, long total);
    }

    private static final int CHUNK = 1 << 16;
    private static final int TAG = 16;
    private static final int MD5 = 16;
    private static final int CRYPT12_HEADER = 67;
    private static final int CRYPT12_SUFFIX = 4;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private BackupDecryptor() {
    }

    /** What a backup's header says. */
    record Header(CryptVersion version, int dataStart, byte[] iv, byte[] serverSalt) {
    }

    /**
     * Decrypts {@code backup} with {@code key} into {@code target} (created or overwritten). On any
     * failure {@code target} may hold a partial result, which the caller deletes.
     *
     * @return the version the backup's header shows
     * @throws BackupCryptException when the key does not fit, the file is truncated or damaged, or its
     *         format is not one of crypt12/14/15; the message is a sentence for the user
     * @throws IOException when reading or writing fails
     * @throws InterruptedException when the thread is interrupted (checked between chunks)
     */
    public static CryptVersion decrypt(Path backup, BackupKey key, Path target, Progress progress)
            throws BackupCryptException, IOException, InterruptedException {
        String name = backup.getFileName().toString();
        CryptVersion named = CryptVersion.ofFileName(name).orElse(null);
        long size = Files.size(backup);
        try (InputStream in = Files.newInputStream(backup);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), CHUNK)) {
            MessageDigest md5 = md5();
            Header header = readHeader(in, named, name, size, md5);
            byte[] aesKey = keyFor(header, key, name);
            new Run(name, header, aesKey, size, md5, out, progress).stream(in);
            return header.version();
        }
    }

    /** Reads the header, feeding its bytes to {@code md5}. */
    static Header readHeader(InputStream in, CryptVersion named, String name, long size, MessageDigest md5)
            throws IOException, BackupCryptException {
        if (named == CryptVersion.CRYPT12) {
            if (size < CRYPT12_HEADER + TAG + MD5 + CRYPT12_SUFFIX) {
                throw truncated(name);
            }
            byte[] raw = in.readNBytes(CRYPT12_HEADER);
            md5.update(raw);
            return new Header(CryptVersion.CRYPT12, CRYPT12_HEADER, Arrays.copyOfRange(raw, 51, 67),
                    Arrays.copyOfRange(raw, 3, 35));
        }
        int length = in.read();
        int flag = in.read();
        if (length < 0 || flag < 0) {
            throw truncated(name);
        }
        md5.update((byte) length);
        // A protobuf message never starts with 0x01 (field 0 does not exist): a 0x01 here is the flag
        // msgstore backups carry, not the start of the header.
        byte[] prefix;
        int dataStart;
        if (flag == 1) {
            md5.update((byte) flag);
            prefix = in.readNBytes(length);
            dataStart = 2 + length;
        } else {
            prefix = new byte[length];
            prefix[0] = (byte) flag;
            if (length == 0 || in.readNBytes(prefix, 1, length - 1) != length - 1) {
                throw unknownFormat(name);
            }
            dataStart = 1 + length;
        }
        if (prefix.length != length || size < dataStart + TAG) {
            throw truncated(name);
        }
        md5.update(prefix);
        ProtoFields fields;
        try {
            fields = ProtoFields.parse(prefix);
        } catch (IllegalArgumentException e) {
            throw unknownFormat(name);
        }
        ProtoFields c15 = fields.message(3);
        if (c15 != null && c15.bytes(1) != null && c15.bytes(1).length == 16) {
            return new Header(CryptVersion.CRYPT15, dataStart, c15.bytes(1), null);
        }
        ProtoFields c14 = fields.message(2);
        if (c14 != null && c14.bytes(5) != null && c14.bytes(5).length == 16) {
            return new Header(CryptVersion.CRYPT14, dataStart, c14.bytes(5), c14.bytes(3));
        }
        throw unknownFormat(name);
    }

    private static byte[] keyFor(Header header, BackupKey key, String name) throws BackupCryptException {
        if (header.version() == CryptVersion.CRYPT15) {
            if (key instanceof BackupKey.RootKey root) {
                return backupEncryptionKey(root.bytes());
            }
            throw new BackupCryptException("'" + name + "' is an end-to-end encrypted (crypt15) backup: it opens with"
                    + " the 64-digit key WhatsApp showed when you turned on end-to-end encrypted backup, or the"
                    + " encrypted_backup.key file, not with a crypt12/crypt14 'key' file.");
        }
        if (!(key instanceof BackupKey.LegacyKey legacy)) {
            throw new BackupCryptException("'" + name + "' is a " + header.version().displayName() + " backup: it opens"
                    + " with the 'key' file from the phone (/data/data/com.whatsapp/files/key, readable on a rooted"
                    + " phone), not with a 64-digit end-to-end key.");
        }
        if (header.serverSalt() != null && !Arrays.equals(header.serverSalt(), legacy.serverSalt())) {
            throw new BackupCryptException("The key file does not belong to '" + name + "': it was made for another"
                    + " phone or WhatsApp account (the salt in the backup differs). Take the key file from the phone"
                    + " that made this backup.");
        }
        return legacy.aesKey();
    }

    /** The crypt15 payload key: HKDF-SHA256 (RFC 5869) of the root key, no salt, info "backup encryption". */
    static byte[] backupEncryptionKey(byte[] rootKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(rootKey);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            mac.update("backup encryption".getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** One pass over the body: decrypt, check, inflate, write. */
    private static final class Run {
        private final String name;
        private final Header header;
        private final long size;
        private final MessageDigest md5;
        private final OutputStream out;
        private final Progress progress;
        private final Cipher keystream;
        private final Cipher tagger;
        private final Inflater inflater = new Inflater();
        private final byte[] plain = new byte[CHUNK + 32];
        private final byte[] scratch = new byte[CHUNK + 32];
        private final byte[] inflated = new byte[CHUNK];
        private long plainSeen;
        private long written;
        private final byte[] firstBytes = new byte[SQLITE_MAGIC.length];

        Run(String name, Header header, byte[] aesKey, long size, MessageDigest md5, OutputStream out,
            Progress progress) {
            this.name = name;
            this.header = header;
            this.size = size;
            this.md5 = md5;
            this.out = out;
            this.progress = progress;
            this.keystream = gcm(aesKey, header.iv());
            this.tagger = gcm(aesKey, header.iv());
        }

        void stream(InputStream in) throws IOException, BackupCryptException, InterruptedException {
            boolean crypt12 = header.version() == CryptVersion.CRYPT12;
            // crypt12 ends in tag, MD5, 4 bytes; crypt14/15 in tag and (usually) MD5. Hold back the
            // last 32 (36) bytes until the MD5 tells whether the footer is there.
            int held = crypt12 ? TAG + MD5 + CRYPT12_SUFFIX : TAG + MD5;
            long bodyEnd = size - held;
            if (bodyEnd < header.dataStart()) {
                throw truncated(name);
            }
            long position = header.dataStart();
            byte[] buffer = new byte[CHUNK];
            while (position < bodyEnd) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("decryption of " + name + " interrupted");
                }
                int want = (int) Math.min(CHUNK, bodyEnd - position);
                int got = in.readNBytes(buffer, 0, want);
                if (got < want) {
                    throw truncated(name);
                }
                md5.update(buffer, 0, got);
                body(buffer, 0, got);
                position += got;
                if (progress != null) {
                    progress.bytesRead(position, size);
                }
            }
            byte[] tail = in.readNBytes(held + 1);
            if (tail.length != held) {
                throw tail.length < held ? truncated(name) : unknownFormat(name);
            }
            byte[] tag;
            boolean checksumFits = true;
            if (crypt12) {
                md5.update(tail, 0, TAG);
                tag = Arrays.copyOfRange(tail, 0, TAG);
                checksumFits = MessageDigest.isEqual(md5.digest(), Arrays.copyOfRange(tail, TAG, TAG + MD5));
            } else {
                MessageDigest withTag = cloneOf(md5);
                withTag.update(tail, 0, TAG);
                if (MessageDigest.isEqual(withTag.digest(), Arrays.copyOfRange(tail, TAG, TAG + MD5))) {
                    tag = Arrays.copyOfRange(tail, 0, TAG);
                } else {
                    // No MD5 footer: the first 16 held bytes are the body's end, the last 16 the tag.
                    body(tail, 0, TAG);
                    tag = Arrays.copyOfRange(tail, TAG, TAG + TAG);
                }
            }
            byte[] computed;
            try {
                // Both ciphers hold back a partial block until doFinal; the keystream's final output
                // ends with a tag of its own, which means nothing here.
                byte[] last = keystream.doFinal();
                int rest = last.length - TAG;
                computed = tagger.doFinal(last, 0, rest);
                plainSeen += rest;
                inflate(last, rest);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
            byte[] computedTag = Arrays.copyOfRange(computed, computed.length - TAG, computed.length);
            finishOrFail();
            if (!checksumFits || !MessageDigest.isEqual(computedTag, tag)) {
                throw damaged(name);
            }
            out.flush();
            progress(size);
        }

        private void progress(long done) {
            if (progress != null) {
                progress.bytesRead(done, size);
            }
        }

        private void finishOrFail() throws BackupCryptException {
            if (!inflater.finished()) {
                throw truncated(name);
            }
            if (written < SQLITE_MAGIC.length || !Arrays.equals(firstBytes, SQLITE_MAGIC)) {
                throw new BackupCryptException("'" + name + "' decrypted, but what it holds is not a WhatsApp database"
                        + " (no SQLite header): is it a msgstore or wa.db backup?");
            }
        }

        private void body(byte[] data, int offset, int length) throws IOException, BackupCryptException {
            int produced;
            try {
                produced = keystream.update(data, offset, length, plain, 0);
                tagger.update(plain, 0, produced, scratch, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
            if (plainSeen == 0 && produced >= 2) {
                int cmf = plain[0] & 0xFF;
                int flg = plain[1] & 0xFF;
                if ((cmf & 0x0F) != 8 || (cmf * 256 + flg) % 31 != 0) {
                    throw new BackupCryptException("The key does not open '" + name + "': check that it is the key"
                            + " of the phone and account that made this backup (a newer backup may need a newer key).");
                }
            }
            plainSeen += produced;
            inflate(plain, produced);
        }

        private void inflate(byte[] data, int length) throws IOException, BackupCryptException {
            if (inflater.finished()) {
                return;
            }
            inflater.setInput(data, 0, length);
            try {
                while (!inflater.finished()) {
                    int n = inflater.inflate(inflated);
                    if (n == 0) {
                        if (inflater.needsInput() || inflater.needsDictionary()) {
                            break;
                        }
                        continue;
                    }
                    if (written < SQLITE_MAGIC.length) {
                        int copy = (int) Math.min(n, SQLITE_MAGIC.length - written);
                        System.arraycopy(inflated, 0, firstBytes, (int) written, copy);
                    }
                    out.write(inflated, 0, n);
                    written += n;
                }
            } catch (DataFormatException e) {
                throw damaged(name);
            }
        }
    }

    private static Cipher gcm(byte[] key, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }

    private static MessageDigest cloneOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MD5 cannot be copied in this Java runtime", e);
        }
    }

    private static BackupCryptException truncated(String name) {
        return new BackupCryptException("'" + name + "' ends too early: the file is truncated (an interrupted copy or"
                + " download?). Copy it from the phone again.");
    }

    private static BackupCryptException damaged(String name) {
        return new BackupCryptException("'" + name + "' is damaged: its contents do not match its checksum. Copy it"
                + " from the phone again; if that does not help, make a new backup.");
    }

    private static BackupCryptException unknownFormat(String name) {
        return new BackupCryptException("'" + name + "' does not have the header of a WhatsApp crypt12, crypt14 or"
                + " crypt15 backup: it may be another kind of file, or a newer format chat-archive does not read yet.");
    }

}

package dev.chatarchive.whatsapp.backup.crypt;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The encryption formats of WhatsApp's Android backups ({@code msgstore.db.cryptNN}), told by the
 * file name's last extension, which WhatsApp always writes.
 */
public enum CryptVersion {
    /** A raw 67-byte header; the {@code key} file's AES key. */
    CRYPT12,
    /** A protobuf header with the server salt and IV; the {@code key} file's AES key. */
    CRYPT14,
    /** A protobuf header with the IV; a key derived from the 32-byte end-to-end backup key. */
    CRYPT15;

    private static final Pattern CRYPT_SUFFIX = Pattern.compile(".*\\.crypt(\\d+)$");

    /**
     * The version a file name announces: empty when the name has no {@code .cryptNN} suffix.
     *
     * @throws BackupCryptException when it names a version this reader does not know
     */
    public static Optional<CryptVersion> ofFileName(String fileName) throws BackupCryptException {
        Matcher matcher = CRYPT_SUFFIX.matcher(fileName.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return switch (matcher.group(1)) {
            case "12" -> Optional.of(CRYPT12);
            case "14" -> Optional.of(CRYPT14);
            case "15" -> Optional.of(CRYPT15);
            default -> throw new BackupCryptException("'" + fileName + "' is a crypt" + matcher.group(1)
                    + " backup, a format chat-archive does not read (it reads crypt12, crypt14 and crypt15):"
                    + " make a new local backup on the phone (Settings > Chats > Chat backup) and import that.");
        };
    }

    /** Whether {@code fileName} ends in {@code .cryptNN} for any NN, known or not. */
    public static boolean looksEncrypted(String fileName) {
        return CRYPT_SUFFIX.matcher(fileName.toLowerCase(Locale.ROOT)).matches();
    }

    /** The name users see, for example {@code "crypt15"}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

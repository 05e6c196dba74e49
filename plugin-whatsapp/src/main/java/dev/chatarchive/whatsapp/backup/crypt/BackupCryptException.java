package dev.chatarchive.whatsapp.backup.crypt;

/**
 * A backup that cannot be decrypted, with a sentence for the user that says why and what to do
 * (a wrong key, a truncated file, a crypt version this version does not read).
 */
public final class BackupCryptException extends Exception {

    private static final long serialVersionUID = 1L;

    public BackupCryptException(String message) {
        super(message);
    }

    public BackupCryptException(String message, Throwable cause) {
        super(message, cause);
    }
}

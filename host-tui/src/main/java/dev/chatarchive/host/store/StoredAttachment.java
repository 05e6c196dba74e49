package dev.chatarchive.host.store;

/**
 * A message's attached file as the archive records it.
 *
 * @param fileName the file's name as its source gave it (never used as a path)
 * @param mimeType its media type (from the source, else guessed from the name)
 * @param size     its size in bytes: of the stored bytes, else as the source declared it, else {@code null}
 * @param sha256   the SHA-256 of the stored bytes (their name in the media store), or {@code null}
 *                 when the archive does not have them
 */
public record StoredAttachment(String fileName, String mimeType, Long size, String sha256) {

    /** Whether the archive holds the file's bytes. */
    public boolean isStored() {
        return sha256 != null;
    }
}

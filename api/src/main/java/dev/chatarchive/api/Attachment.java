package dev.chatarchive.api;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file attached to a message (a photo, a video, a voice note, a document, a sticker), as a
 * provider describes it on {@link HistoricalMessage#attachment()}. Since api 1.1.
 *
 * <p>The host keeps attached files in a media store of its own, by the SHA-256 of their bytes: the
 * same file attached to a hundred messages, or delivered again by a later sync or import, is stored
 * once. It never uses {@link #fileName()} to decide where a file goes, so a hostile name cannot
 * place a file anywhere; the name is what the user sees and what the file is called when it is
 * opened or exported.
 *
 * <p>Describe the file even when its bytes are not available (an export made "without media", a
 * backup whose media folder is missing): pass {@code null} as {@link #content()}. The user then
 * still sees what was attached, and the host fills in the bytes when a later delivery of the same
 * message carries them (see {@link ProviderEvent.AttachmentAvailable} to hand them over without
 * delivering the message again).
 *
 * <p>Equality ignores how the bytes are read: two attachments are equal when they describe the same
 * file ({@code fileName}, {@code mimeType}, {@code size}, {@code sha256}) and both have, or both lack,
 * content.
 *
 * @param fileName the file's name without any folder, as the source gives it ({@code
 *                 IMG-20240301-WA0001.jpg}); not blank, no {@code /}, {@code \} or control
 *                 characters. When the source has no name (a live photo), make one from the message
 *                 id and the type ({@code 3EB0C7F2A1.jpg}).
 * @param mimeType the media type when the source says it ({@code image/jpeg}), else {@code null}; the
 *                 host then guesses it from the name's extension. Lower-cased; must contain a
 *                 {@code /}.
 * @param size     the size in bytes the source declares, else {@code null}; shown before the bytes
 *                 are stored, then replaced by the count of the bytes read. Not negative.
 * @param sha256   the SHA-256 of the bytes as 64 hex digits when the source knows it (WhatsApp's
 *                 {@code fileSha256}, a backup's media hash), else {@code null}. It lets the host
 *                 skip reading a file it already holds; when it does read, it checks the hash.
 *                 Lower-cased.
 * @param content  how to read the bytes, or {@code null} when the source does not have them; see
 *                 {@link AttachmentContent} for when and how the host reads
 */
public record Attachment(String fileName, String mimeType, Long size, String sha256, AttachmentContent content) {

    /**
     * The largest file the host stores: 2 GiB, the size of the largest file WhatsApp sends. A
     * content that turns out larger is not stored (the message keeps its description).
     */
    public static final long MAX_SIZE = 1L << 31;

    /** What {@code mimeType} must look like; compiled once, as a backup can describe tens of thousands of files. */
    private static final Pattern MIME_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+(;.*)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Attachment {
        HistoricalMessage.requireText(fileName, "fileName");
        fileName = fileName.strip();
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("fileName must be a bare file name without '/', '\\' or control "
                        + "characters, was '" + fileName.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        if (fileName.equals(".") || fileName.equals("..")) {
            throw new IllegalArgumentException("fileName must be a file name, was '" + fileName + "'");
        }
        if (mimeType != null) {
            mimeType = mimeType.strip().toLowerCase(Locale.ROOT);
            if (mimeType.isEmpty()) {
                mimeType = null;
            } else if (!MIME_TYPE.matcher(mimeType).matches()) {
                throw new IllegalArgumentException("mimeType must look like 'type/subtype', was '" + mimeType + "'");
            }
        }
        if (size != null && size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (sha256 != null) {
            sha256 = sha256.strip().toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits, was '" + sha256 + "'");
            }
        }
    }

    /** A file known by name only: its bytes are not available. */
    public static Attachment named(String fileName) {
        return new Attachment(fileName, null, null, null, null);
    }

    /** A file by name whose bytes can be read through {@code content}. */
    public static Attachment of(String fileName, AttachmentContent content) {
        return new Attachment(fileName, null, null, null, Objects.requireNonNull(content, "content must not be null"));
    }

    /** Whether the provider can hand over the bytes ({@link #content()} is set). */
    public boolean hasContent() {
        return content != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attachment that
                && fileName.equals(that.fileName)
                && Objects.equals(mimeType, that.mimeType)
                && Objects.equals(size, that.size)
                && Objects.equals(sha256, that.sha256)
                && hasContent() == that.hasContent();
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, mimeType, size, sha256, hasContent());
    }

    @Override
    public String toString() {
        return "Attachment[fileName=" + fileName + ", mimeType=" + mimeType + ", size=" + size + ", sha256=" + sha256
                + ", content=" + (hasContent() ? "available" : "none") + "]";
    }
}

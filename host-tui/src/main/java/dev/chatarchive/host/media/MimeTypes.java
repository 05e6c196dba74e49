package dev.chatarchive.host.media;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The media type of a file from its name's extension, for sources that do not say it. Covers what
 * chats carry (WhatsApp's photos, videos, voice notes, stickers, documents); anything else is
 * {@code application/octet-stream}.
 */
public final class MimeTypes {

    public static final String UNKNOWN = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"), Map.entry("bmp", "image/bmp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("3gp", "video/3gpp"), Map.entry("webm", "video/webm"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("avi", "video/x-msvideo"),
            Map.entry("opus", "audio/ogg"), Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"),
            Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("amr", "audio/amr"), Map.entry("wav", "audio/wav"),
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"),
            Map.entry("vcf", "text/vcard"), Map.entry("zip", "application/zip"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"));

    private MimeTypes() {
    }

    /** The media type for {@code fileName}, {@link #UNKNOWN} for an extension not in the table. */
    public static String guess(String fileName) {
        return extension(fileName).map(BY_EXTENSION::get).orElse(UNKNOWN);
    }

    /** The extension of {@code fileName}, lower case, without the dot. */
    public static Optional<String> extension(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether a browser shows files of this type as a picture. */
    public static boolean isPicture(String mimeType) {
        return mimeType != null && mimeType.startsWith("image/") && !mimeType.equals("image/heic")
                && !mimeType.equals("image/heif");
    }
}

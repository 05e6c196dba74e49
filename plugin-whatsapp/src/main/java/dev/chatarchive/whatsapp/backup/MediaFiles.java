package dev.chatarchive.whatsapp.backup;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.AttachmentContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The media files a backup's rows name, found under the folder the phone keeps them in: Android's
 * {@code WhatsApp/} folder (rows say {@code Media/WhatsApp Images/IMG-….jpg}; the backup itself lies
 * in {@code WhatsApp/Databases/}), or the folder beside an iPhone {@code ChatStorage.sqlite} (rows say
 * {@code Media/<jid>/…} under {@code Message/}), or an unencrypted iPhone backup folder, which keeps
 * each file under a name derived from its path ({@link #inIphoneBackup}). A row whose file is not
 * there is still described (name, type, size), without bytes. A path never leads outside the folder.
 */
public final class MediaFiles {

    /** No media folder: attachments are described only. */
    public static final MediaFiles NONE = new MediaFiles(null);

    /** A MIME type as {@code type/subtype}, parameters allowed; compiled once (it runs for every media row). */
    private static final Pattern MIME_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(;.*)?");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final Path root;
    /** The app domain of an iPhone backup folder {@link #root} when it is one; else {@code null}. */
    private final String backupDomain;

    public MediaFiles(Path root) {
        this(root, null);
    }

    private MediaFiles(Path root, String backupDomain) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.backupDomain = backupDomain;
    }

    /**
     * iPhone backup folder: a Finder/iTunes backup stores the app's file {@code Message/Media/…} of
     * {@code domain} (WhatsApp's app group) as {@code <id[0:2]>/<id>}, where {@code id} is the SHA-1
     * of {@code "<domain>-Message/Media/…"} in hex (the name Manifest.db lists as its {@code fileID});
     * backups before iOS 10 keep it at {@code <id>} in the folder itself.
     */
    public static MediaFiles inIphoneBackup(Path backupFolder, String domain) {
        return new MediaFiles(backupFolder, domain);
    }

    /** Android: the WhatsApp folder above {@code Databases/}, where {@code Media/} is. */
    public static MediaFiles besideAndroidBackup(Path backup) {
        Path folder = backup.toAbsolutePath().getParent();
        if (folder == null) {
            return NONE;
        }
        if (Files.isDirectory(folder.resolve("Media"))) {
            return new MediaFiles(folder);
        }
        Path whatsapp = folder.getParent();
        return whatsapp != null && Files.isDirectory(whatsapp.resolve("Media")) ? new MediaFiles(whatsapp) : NONE;
    }

    /** iPhone: the {@code Message/} folder beside ChatStorage.sqlite. */
    public static MediaFiles besideChatStorage(Path chatStorage) {
        Path folder = chatStorage.toAbsolutePath().getParent();
        return folder != null && Files.isDirectory(folder.resolve("Message")) ? new MediaFiles(folder.resolve("Message"))
                : NONE;
    }

    /**
     * The attachment a row describes, with its bytes when the file is in the media folder; {@code null}
     * when the row names no file.
     */
    public Attachment attachment(String path, String mimeType, Long size) {
        if (path == null || path.isBlank()) {
            return null;
        }
        String normalized = path.replace('\\', '/');
        String name = normalized.substring(normalized.lastIndexOf('/') + 1);
        if (name.isBlank() || name.equals(".") || name.equals("..")) {
            return null;
        }
        String mime = mimeType != null && MIME_TYPE.matcher(mimeType).matches()
                ? mimeType : null;
        Long declared = size != null && size > 0 ? size : null;
        Path file = locate(normalized);
        try {
            return new Attachment(CONTROL.matcher(name).replaceAll("_"), mime, declared, null,
                    file == null ? null : AttachmentContent.ofFile(file));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Path locate(String path) {
        if (root == null) {
            return null;
        }
        if (backupDomain != null) {
            return inBackup(path);
        }
        // Older Android rows hold absolute paths (/storage/emulated/0/WhatsApp/Media/...): keep from Media/.
        int media = path.indexOf("Media/");
        String relative = path.startsWith("/") && media >= 0 ? path.substring(media) : path;
        if (relative.startsWith("/")) {
            return null;
        }
        Path candidate = root.resolve(relative).normalize();
        return candidate.startsWith(root) && Files.isRegularFile(candidate) ? candidate : null;
    }

    /** The file a ChatStorage path ({@code Media/<jid>/…}, relative to {@code Message/}) is stored as in the backup. */
    private Path inBackup(String path) {
        // The path is only hashed, never resolved: it cannot lead outside the folder.
        if (path.startsWith("/")) {
            return null;
        }
        String id = sha1(backupDomain + "-" + (path.startsWith("Message/") ? path : "Message/" + path));
        Path nested = root.resolve(id.substring(0, 2)).resolve(id);
        if (Files.isRegularFile(nested)) {
            return nested;
        }
        Path flat = root.resolve(id);
        return Files.isRegularFile(flat) ? flat : null;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-1", e);
        }
    }
}

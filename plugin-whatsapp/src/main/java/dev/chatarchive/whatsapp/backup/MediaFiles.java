package dev.chatarchive.whatsapp.backup;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.AttachmentContent;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The media files a backup's rows name, found under the folder the phone keeps them in: Android's
 * {@code WhatsApp/} folder (rows say {@code Media/WhatsApp Images/IMG-….jpg}; the backup itself lies
 * in {@code WhatsApp/Databases/}), or the folder beside an iPhone {@code ChatStorage.sqlite} (rows say
 * {@code Media/<jid>/…} under {@code Message/}). A row whose file is not there is still described
 * (name, type, size), without bytes. A path never leads outside the folder.
 */
public final class MediaFiles {

    /** No media folder: attachments are described only. */
    public static final MediaFiles NONE = new MediaFiles(null);

    private final Path root;

    public MediaFiles(Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
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
        String mime = mimeType != null && mimeType.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(;.*)?")
                ? mimeType : null;
        Long declared = size != null && size > 0 ? size : null;
        Path file = locate(normalized);
        try {
            return new Attachment(name.replaceAll("\\p{Cntrl}", "_"), mime, declared, null,
                    file == null ? null : AttachmentContent.ofFile(file));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Path locate(String path) {
        if (root == null) {
            return null;
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
}

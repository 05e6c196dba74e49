package dev.chatarchive.host.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which folder a provider keeps an archive's state in ({@link dev.chatarchive.api.ProviderContext#archiveDataDirectory()}).
 *
 * <p>Decision (issue #13): what a user imports belongs to the archive it was imported into, so a
 * second archive of the same data folder ({@code --archive other.db}) starts empty. The host does not
 * hand the archive to providers (they never open it); it names a folder per archive file instead:
 * <ul>
 *   <li>the default archive ({@code archive.db} in the data folder) gets the provider's data folder
 *       itself, {@code providers/<id>/}: everything a provider kept there before api 1.1 (the WhatsApp
 *       plugin's {@code registered-exports.txt}) stays with the archive it was made for in the common
 *       case, with nothing to migrate;
 *   <li>any other archive gets {@code providers/<id>/archives/<file name>-<16 hex digits>/}, the digits
 *       from the SHA-256 of the archive's canonical path (symbolic links and {@code ..} resolved, as the
 *       archive lock resolves them), so two spellings of one file share a folder and two files of one
 *       name in different folders do not.
 * </ul>
 * The key is the path, not something stored in the archive: an archive moved to another path starts
 * with no registered sources (importing the files again registers them; nothing stored is touched).
 */
final class ArchiveFolders {

    /** The default archive's file name in the host's data folder. */
    static final String DEFAULT_ARCHIVE = "archive.db";

    private ArchiveFolders() {
    }

    /** The folder inside {@code providerFolder} for {@code archiveFile} (not created here). */
    static Path folderFor(Path providerFolder, Path hostDataDirectory, Path archiveFile) {
        Path archive = canonical(archiveFile);
        if (archive.equals(canonical(hostDataDirectory.resolve(DEFAULT_ARCHIVE)))) {
            return providerFolder;
        }
        String name = archive.getFileName() == null ? "archive" : archive.getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        return providerFolder.resolve("archives").resolve(name + "-" + digest(archive.toString()).substring(0, 16));
    }

    /** {@code path} with symbolic links and {@code ..} resolved as far as it exists, absolute. */
    static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            if (Files.exists(absolute)) {
                return absolute.toRealPath();
            }
        } catch (IOException unresolvable) {
            return absolute;
        }
        Path parent = absolute.getParent();
        return parent == null || absolute.getFileName() == null ? absolute
                : canonical(parent).resolve(absolute.getFileName());
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

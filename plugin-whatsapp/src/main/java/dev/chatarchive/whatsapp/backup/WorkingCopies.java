package dev.chatarchive.whatsapp.backup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The private folder where decrypted backups and copies of phone databases live while they are
 * imported: {@code <plugin data>/backup-work}, readable by the user alone (0700, files 0600 on
 * POSIX systems). Each import gets a subfolder that is deleted when the import is done, when the
 * plugin stops, and (after a crash) when it next starts. Nothing in it outlives an import.
 */
public final class WorkingCopies {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;

    public WorkingCopies(Path root) {
        this.root = root;
    }

    /** Deletes whatever an earlier run left (a crash mid-import). */
    public void sweep() {
        if (Files.isDirectory(root)) {
            try (Stream<Path> children = Files.list(root)) {
                children.forEach(WorkingCopies::deleteTree);
            } catch (IOException e) {
                // Nothing to report: a leftover is removed on a later start.
            }
        }
    }

    /** A new private folder for one import. */
    public Path newFolder() throws IOException {
        Files.createDirectories(root);
        restrict(root, "rwx------");
        Path folder = POSIX
                ? Files.createTempDirectory(root, "import-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory(root, "import-");
        return folder;
    }

    /** An empty private file {@code name} in {@code folder}. */
    public static Path newFile(Path folder, String name) throws IOException {
        Path file = folder.resolve(name);
        Files.deleteIfExists(file);
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        return file;
    }

    /** Copies {@code source} to a private file {@code name} in {@code folder}. */
    public static Path copy(Path source, Path folder, String name) throws IOException {
        Path target = newFile(folder, name);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        restrict(target, "rw-------");
        return target;
    }

    /** Deletes {@code folder} and everything in it; quietly, as best it can. */
    public static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Left for the next sweep.
                }
            });
        } catch (IOException e) {
            // Left for the next sweep.
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}

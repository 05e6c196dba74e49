package dev.chatarchive.whatsapp.live;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The private folder of one paired WhatsApp account, held under an exclusive lock while its sidecar
 * runs: two sidecars on the same auth state would each see the other as "connection replaced" and
 * fight over the link.
 *
 * <pre>
 * live/accounts/&lt;account&gt;/   owner-only (rwx------)
 *   auth/                    Baileys' auth state (the keys of the link), owner-only
 *   chats.json               the chat list the phone told us about
 *   sidecar.lock             held while a sidecar runs for this account
 * </pre>
 */
final class AccountFolder implements AutoCloseable {

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private AccountFolder(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates (owner-only) and locks the folder, or returns empty when another process holds it. */
    static Optional<AccountFolder> lock(Path root) throws IOException {
        createPrivate(root);
        createPrivate(root.resolve("auth"));
        FileChannel channel = FileChannel.open(root.resolve("sidecar.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM, through another provider instance
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new AccountFolder(root, channel, lock));
    }

    private static void createPrivate(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    Path root() {
        return root;
    }

    Path authFolder() {
        return root.resolve("auth");
    }

    Path chatsFile() {
        return root.resolve("chats.json");
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway; nothing to do.
        }
    }
}

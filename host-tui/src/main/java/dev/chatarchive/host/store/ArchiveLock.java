package dev.chatarchive.host.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a second process from writing the same archive. SQLite alone would let two writers take
 * turns (and a second UI would wait on busy timeouts forever); one writer per archive is a design
 * rule, so the first process to open an archive for writing takes an OS lock on a file beside it,
 * and the next one is refused at once with a sentence naming the holder. The OS releases the lock
 * when the process dies, so a crash never leaves the archive locked.
 *
 * <p>The lock belongs to the file, not to the name it was opened by: it sits beside the archive's
 * canonical path ({@link #canonical}: symbolic links followed, {@code ..} resolved), so a symlink or
 * another spelling of the same path meets the same lock. Names no path can tell apart, a hard link
 * or a bind mount of the file (same file, another real path), meet a second lock, keyed by the
 * file's identity, its device and inode numbers ({@link #lockIdentity}): a file
 * {@code <device>-<inode>.lock} in one folder per user in the temporary folder
 * ({@link #identityFolder()}), taken once the archive file exists and again if it was replaced (an
 * adoption renames a converted copy over it). Those small files stay after use, like the lock beside
 * the archive: deleting a lock file while another process may be opening it would let two in.
 */
final class ArchiveLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveLock.class);

    private final Path canonicalFile;
    private final FileChannel channel;
    private final FileLock lock;
    private FileChannel identityChannel;
    private String identity;

    private ArchiveLock(Path canonicalFile, FileChannel channel, FileLock lock) {
        this.canonicalFile = canonicalFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** The archive this lock is for, by its canonical path. */
    Path canonicalFile() {
        return canonicalFile;
    }

    static Path lockFileOf(Path archiveFile) {
        return archiveFile.resolveSibling(archiveFile.getFileName() + ".lock");
    }

    /**
     * The file {@code path} names, with every symbolic link followed and {@code .}/{@code ..} resolved,
     * also when the file (or the target of a dangling link) does not exist yet: then its nearest
     * existing folder is made real and the rest appended.
     */
    static Path canonical(Path path) throws IOException {
        Path current = path.toAbsolutePath().normalize();
        for (int hops = 0; hops < 40; hops++) {
            if (Files.exists(current)) {
                return current.toRealPath();
            }
            if (Files.isSymbolicLink(current)) {
                // A dangling link: SQLite would create its target, so that is the file to lock.
                Path target = Files.readSymbolicLink(current);
                current = current.resolveSibling(target).toAbsolutePath().normalize();
                continue;
            }
            Path parent = current.getParent();
            return parent == null ? current : canonical(parent).resolve(current.getFileName());
        }
        throw new IOException("too many levels of symbolic links at " + path);
    }

    /**
     * Locks the archive {@code archiveFile} names.
     *
     * @param archiveFile the archive, by any path that leads to it; its canonical form is locked
     */
    static ArchiveLock acquire(Path archiveFile) {
        Path canonicalFile;
        try {
            canonicalFile = canonical(archiveFile);
        } catch (IOException e) {
            throw new ArchiveException("Cannot find where the archive " + archiveFile + " really is (" + e.getMessage()
                    + "). Check the path and its symbolic links, or name another archive with --archive FILE.", e);
        }
        Path lockFile = lockFileOf(canonicalFile);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = readHolder(lockFile);
                channel.close();
                throw new ArchiveInUseException("The archive " + archiveFile + " is in use by another chat-archive"
                        + holder + ". Close that one first, or open another archive with --archive FILE.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new ArchiveLock(canonicalFile, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ArchiveException("Cannot lock the archive " + archiveFile + " (" + e.getMessage()
                    + "). Check that its folder is writable.", e);
        }
    }

    /**
     * The process that has the archive at {@code archiveFile} open for writing now, by asking the OS
     * lock (not by trusting the pid written in the lock file, which stays after its process died and
     * may have been given to another process since): its pid, {@code -1} when it is running but did not
     * say its pid, or empty when no process writes the archive. Creates nothing.
     */
    static java.util.OptionalLong liveWriter(Path archiveFile) {
        Path lockFile;
        try {
            lockFile = lockFileOf(canonical(archiveFile));
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
        java.util.OptionalLong byPath = holderOf(lockFile);
        if (byPath.isPresent()) {
            return byPath;
        }
        // A writer that opened the same file by another name (a hard link, a bind mount) holds its identity.
        return identityOf(archiveFile).map(key -> holderOf(identityFolder().resolve(key + ".lock")))
                .orElse(java.util.OptionalLong.empty());
    }

    /** The live holder of {@code lockFile}'s OS lock: its pid, -1 when it did not say, empty when none. */
    private static java.util.OptionalLong holderOf(Path lockFile) {
        if (!Files.isRegularFile(lockFile)) {
            return java.util.OptionalLong.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = tryLock(channel);
            if (probe != null) {
                probe.release(); // nobody holds it: the last writer is gone
                return java.util.OptionalLong.empty();
            }
            return pidIn(lockFile).orElse(java.util.OptionalLong.of(-1));
        } catch (IOException e) {
            // Not ours to open for writing: judge by the pid it names.
            return pidIn(lockFile).filter(pid -> ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false))
                    .orElse(java.util.OptionalLong.empty());
        }
    }

    private static java.util.Optional<java.util.OptionalLong> pidIn(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.startsWith("pid ") ? java.util.Optional.of(java.util.OptionalLong.of(Long.parseLong(text.substring(4).strip())))
                    : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    private static String readHolder(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.startsWith("pid ") ? " (process " + text.substring(4) + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to do: the lock dies with the channel anyway.
            }
        }
    }

    /**
     * Also locks the archive file by its identity (device, inode), so that a hard link or a bind mount
     * of it, which no path comparison can see, meets this writer too; does nothing when the file does
     * not exist yet or the file system does not say its identity. Called again after the file may have
     * been replaced, it moves the lock to the new identity.
     *
     * @param archiveFile the archive, by its canonical path
     * @param asGiven     the path the user named, for the sentence
     * @throws ArchiveInUseException when another process holds that identity
     */
    synchronized void lockIdentity(Path archiveFile, Path asGiven) {
        java.util.Optional<String> key = identityOf(archiveFile);
        if (key.isEmpty() || key.get().equals(identity)) {
            return;
        }
        FileChannel next = null;
        try {
            Path folder = identityFolder();
            createPrivateFolder(folder);
            Path lockFile = folder.resolve(key.get() + ".lock");
            next = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock taken = tryLock(next);
            if (taken == null) {
                String holder = readHolder(lockFile);
                next.close();
                throw new ArchiveInUseException("The archive " + asGiven + " is in use by another chat-archive" + holder
                        + " (through another name of the same file: a hard link or a bind mount). Close that one first, "
                        + "or open another archive with --archive FILE.");
            }
            next.truncate(0);
            next.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // The path lock beside the archive still holds; only hard links and bind mounts go unseen.
            closeQuietly(next);
            LOG.warn("Could not lock the identity of {}; only its path is locked: {}", archiveFile, e.toString());
            return;
        }
        closeQuietly(identityChannel);
        identityChannel = next;
        identity = key.get();
    }

    /** "device-inode" of {@code file}, or empty when it does not exist or the file system will not say. */
    static java.util.Optional<String> identityOf(Path file) {
        try {
            java.util.Map<String, Object> attributes = Files.readAttributes(file, "unix:dev,ino");
            Object device = attributes.get("dev");
            Object inode = attributes.get("ino");
            return device == null || inode == null ? java.util.Optional.empty()
                    : java.util.Optional.of(device + "-" + inode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Where identity locks are: {@code chat-archive-locks-<user>} in the temporary folder. */
    static Path identityFolder() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir")).resolve("chat-archive-locks-" + user);
    }

    private static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        }
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
        closeQuietly(identityChannel);
    }
}

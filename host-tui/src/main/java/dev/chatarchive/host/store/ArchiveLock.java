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

/**
 * Keeps a second process from writing the same archive. SQLite alone would let two writers take
 * turns (and a second UI would wait on busy timeouts forever); one writer per archive is a design
 * rule, so the first process to open an archive for writing takes an OS lock on a file beside it,
 * and the next one is refused at once with a sentence naming the holder. The OS releases the lock
 * when the process dies, so a crash never leaves the archive locked.
 *
 * <p>The lock belongs to the file, not to the name it was opened by: it sits beside the archive's
 * canonical path ({@link #canonical}: symbolic links followed, {@code ..} resolved), so a symlink or
 * another spelling of the same path meets the same lock. (A hard link is another name the file
 * system cannot tell us about; docs/schema.md says so.)
 */
final class ArchiveLock implements AutoCloseable {

    private final Path canonicalFile;
    private final FileChannel channel;
    private final FileLock lock;

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

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }
}

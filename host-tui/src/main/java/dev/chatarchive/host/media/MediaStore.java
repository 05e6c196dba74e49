package dev.chatarchive.host.media;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.AttachmentContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's attached files, kept by content: a file is stored once under the SHA-256 of its
 * bytes ({@code media/3f/3fa9…e1}), however many messages, chats or imports bring it.
 *
 * <p>Safety, since the bytes come from untrusted sources (a zip someone sent, a plugin):
 * <ul>
 *   <li>where a file goes depends only on the hash of its bytes (64 hex digits, checked), never on a
 *       name from the source, so nothing is ever written outside {@link #root()};
 *   <li>bytes are written to a temporary file in {@code media/.incoming/}, flushed to disk, and
 *       moved into place in one atomic rename: a crash leaves either the whole file or none (a
 *       leftover temporary file is deleted the next time the store is opened for writing);
 *   <li>a file over {@link Attachment#MAX_SIZE} is not kept, whatever size the source declared;
 *   <li>the source's stream is read on a thread of this store: a read that makes no progress for the
 *       stall timeout is abandoned (the stream closed, the thread interrupted), so a hanging plugin
 *       cannot hold the sync engine.
 * </ul>
 * The folder is created readable by its owner only. Thread-safe: two threads storing the same bytes
 * both end with the one file.
 */
public final class MediaStore {

    private static final Logger LOG = LoggerFactory.getLogger(MediaStore.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The folder of temporary files; the dot keeps it apart from the 256 hash folders. */
    private static final String INCOMING = ".incoming";
    /** A temporary file older than this is a crash's leftover (no copy takes a day). */
    private static final Duration LEFTOVER_AGE = Duration.ofHours(24);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final ExecutorService READERS = Executors.newCachedThreadPool(daemonThreads());

    private final Path root;
    private final long maxSize;
    private final Duration stallTimeout;

    /**
     * @param root         the folder to keep files in (created on first write)
     * @param maxSize      the largest file to keep, in bytes
     * @param stallTimeout how long a read may make no progress before it is abandoned
     */
    public MediaStore(Path root, long maxSize, Duration stallTimeout) {
        this.root = root.toAbsolutePath().normalize();
        this.maxSize = maxSize;
        this.stallTimeout = stallTimeout;
    }

    /** The store of the archive at {@code archiveFile}: the folder {@code media} beside it. */
    public static MediaStore besideArchive(Path archiveFile) {
        Path parent = archiveFile.toAbsolutePath().normalize().getParent();
        return new MediaStore(parent.resolve("media"), Attachment.MAX_SIZE, DEFAULT_STALL_TIMEOUT);
    }

    /** A file the store holds: its hash and its size in bytes. */
    public record StoredFile(String sha256, long size) {
    }

    /** The folder the files are in. */
    public Path root() {
        return root;
    }

    /** Whether {@code sha256} is 64 lower-case hex digits, the only names this store uses. */
    public static boolean isHash(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** Where the file with these bytes is (or would be) kept. */
    public Path pathOf(String sha256) {
        if (!isHash(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 in hex: '" + sha256 + "'");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** The stored file with these bytes, if the store holds it (a regular file, not a link). */
    public Optional<StoredFile> find(String sha256) {
        if (!isHash(sha256)) {
            return Optional.empty();
        }
        Path path = pathOf(sha256);
        try {
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(new StoredFile(sha256, Files.size(path)));
            }
        } catch (IOException e) {
            LOG.debug("Could not read the size of {}", path, e);
        }
        return Optional.empty();
    }

    /**
     * Reads {@code content} to its end and keeps the bytes, unless the store already holds them.
     *
     * @throws IOException          when the content cannot be read, is too large, stalls, or the
     *                              file cannot be written; nothing is kept then
     * @throws InterruptedException when the calling thread is interrupted; the read is abandoned and
     *                              nothing is kept
     */
    public StoredFile store(AttachmentContent content) throws IOException, InterruptedException {
        Path incoming = root.resolve(INCOMING);
        createPrivateFolder(root);
        createPrivateFolder(incoming);
        Path temp = incoming.resolve(UUID.randomUUID() + ".part");
        try {
            Copy copy = new Copy(content, temp, maxSize);
            StoredFile read = copy.runWatched(stallTimeout);
            Path target = pathOf(read.sha256());
            if (find(read.sha256()).map(existing -> existing.size() == read.size()).orElse(false)) {
                return read;
            }
            Files.createDirectories(target.getParent());
            moveAtomically(temp, target);
            syncFolder(target.getParent());
            return read;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes the file with these bytes; whether there was one. */
    public boolean delete(String sha256) throws IOException {
        return isHash(sha256) && Files.deleteIfExists(pathOf(sha256));
    }

    /** Deletes temporary files a crash left behind. Call once when the archive is opened for writing. */
    public void removeLeftovers() {
        Path incoming = root.resolve(INCOMING);
        if (!Files.isDirectory(incoming)) {
            return;
        }
        FileTime before = FileTime.from(Instant.now().minus(LEFTOVER_AGE));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming, "*.part")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).compareTo(before) < 0) {
                    Files.deleteIfExists(file);
                    LOG.info("Deleted {}, a partial media file a crash left behind", file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up partial media files in {}: {}", incoming, e.getMessage());
        }
    }

    private static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another thread stored the same bytes first (or a damaged copy is in the way): replace it.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the media folder " + target.getParent() + " does not support atomic renames", e);
        }
    }

    private static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(folder);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some systems cannot sync a folder; the rename is still atomic, only its durability waits for the OS.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** One copy from a source's stream into a temporary file, on a reader thread the caller watches. */
    private static final class Copy {
        private final AttachmentContent content;
        private final Path temp;
        private final long maxSize;
        private final AtomicLong copied = new AtomicLong();
        private final AtomicReference<InputStream> stream = new AtomicReference<>();

        Copy(AttachmentContent content, Path temp, long maxSize) {
            this.content = content;
            this.temp = temp;
            this.maxSize = maxSize;
        }

        StoredFile runWatched(Duration stallTimeout) throws IOException, InterruptedException {
            Future<StoredFile> future = READERS.submit(this::copy);
            long lastCount = -1;
            long lastProgress = System.nanoTime();
            long pollMillis = Math.max(10, Math.min(1_000, stallTimeout.toMillis() / 4));
            try {
                while (true) {
                    try {
                        return future.get(pollMillis, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        long count = copied.get();
                        if (count != lastCount) {
                            lastCount = count;
                            lastProgress = System.nanoTime();
                        } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                            throw new IOException("reading the file made no progress for "
                                    + stallTimeout.toSeconds() + " s after " + count + " bytes; it was abandoned");
                        }
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof VirtualMachineError fatal && !(cause instanceof StackOverflowError)) {
                    throw fatal;
                }
                throw new IOException("reading the file failed: " + cause, cause);
            } finally {
                if (!future.isDone()) {
                    future.cancel(true);
                    closeQuietly(stream.get());
                    try {
                        // Give the reader a moment to let go of the temporary file before it is deleted.
                        future.get(1, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException ignored) {
                        // Abandoned: it was cancelled and its stream closed.
                    }
                }
            }
        }

        private StoredFile copy() throws IOException {
            MessageDigest digest = sha256();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            ClassLoader sources = content.getClass().getClassLoader();
            if (sources != null) {
                thread.setContextClassLoader(sources);
            }
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                InputStream in = content.open();
                if (in == null) {
                    throw new IOException("the source opened no stream");
                }
                stream.set(in);
                try (in) {
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (thread.isInterrupted()) {
                            throw new IOException("reading the file was abandoned");
                        }
                        if (copied.get() + n > maxSize) {
                            throw new IOException("the file is larger than " + (maxSize >> 20) + " MiB, the most "
                                    + "chat-archive keeps of one file; it was not kept");
                        }
                        digest.update(buffer, 0, n);
                        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                        while (chunk.hasRemaining()) {
                            out.write(chunk);
                        }
                        copied.addAndGet(n);
                    }
                }
                out.force(true);
            } catch (RuntimeException e) {
                throw new IOException("the source failed while its file was read: " + e, e);
            } finally {
                thread.setContextClassLoader(previous);
            }
            return new StoredFile(HexFormat.of().formatHex(digest.digest()), copied.get());
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing only unblocks an abandoned read.
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "media-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

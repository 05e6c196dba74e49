package dev.chatarchive.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of an {@link Attachment}, handed to the host as a way to read them rather than read in
 * advance, so that a 100 MB video never sits in memory.
 *
 * <h2>What the host does with it</h2>
 * <ul>
 *   <li>It calls {@link #open()} from one of its own threads, after the page that carries the
 *       message was returned from {@link HistoryProvider#fetchHistory} (or the event was published),
 *       and before {@link HistoryProvider#stop()}. Keep the bytes readable until then: a provider
 *       that reads them from its source (a zip entry, a file in a backup) simply opens the source
 *       each time; one that downloaded them into a temporary file may delete it when the stream
 *       {@link #open()} returned is closed.
 *   <li>It opens the content usually once, and not at all when it already holds the file (it stores
 *       files by the SHA-256 of their bytes, and knows which messages it linked to which files).
 *   <li>It reads the stream to its end and closes it. It counts and hashes the bytes it actually
 *       reads: a declared {@link Attachment#size()} or {@link Attachment#sha256()} that turns out
 *       wrong is logged and corrected, never trusted. It stops reading, and keeps no file, when the
 *       content grows beyond {@link Attachment#MAX_SIZE}.
 *   <li>A read that makes no progress for a minute is abandoned: the stream is closed from another
 *       thread and the reading thread interrupted.
 * </ul>
 *
 * <h2>Failures</h2>
 * {@link #open()} and the stream's methods may throw {@link IOException} (the file is missing, the
 * source is damaged). The message is then stored without its file, and the host tries again the
 * next time the same message is delivered (a later sync, the same export imported again). Nothing
 * else the content does can fail the page: a {@link RuntimeException} counts as an
 * {@link IOException}.
 *
 * <p>Implementations must be safe to call from any thread, and each {@link #open()} must return a
 * new stream positioned at the first byte.
 */
@FunctionalInterface
public interface AttachmentContent {

    /**
     * A new stream over the file's bytes, from the first byte. The caller closes it.
     *
     * @throws IOException when the bytes cannot be read now
     */
    InputStream open() throws IOException;

    /** The bytes of a file that stays where it is for as long as the provider runs. */
    static AttachmentContent ofFile(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        return () -> Files.newInputStream(file);
    }

    /** Bytes already in memory (small files only); the array is copied. */
    static AttachmentContent ofBytes(byte[] bytes) {
        byte[] copy = Objects.requireNonNull(bytes, "bytes must not be null").clone();
        return () -> new ByteArrayInputStream(copy);
    }
}

package dev.chatarchive.host.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room on the archive's disk kept for recording why a write stopped: a file of a few pages beside the
 * archive ({@code archive.db.reserve}) while it is open for writing, removed when a write fails because
 * the disk is full, so that the next write (the sync recording its {@code disk_full} stop) finds room.
 *
 * <p>Why: when the disk fills, the commit that failed leaves nothing free, and recording the stop writes
 * a few pages to the WAL (the chat's checkpoint, the global status). Without room for them the stop
 * could not be recorded and the next start called it a crash ("stopped while it ran"). Whether they
 * fitted used to depend on luck: on how many frames the failed commit had already written before the
 * disk ran out (their space is reused), which bigger pages make fewer. This room is {@link #PAGES}
 * frames of the archive's own page size, so it does not depend on the page size, and one SQLite
 * shared-memory block ({@code -shm} grows by 32 KiB every 4,096 frames).
 *
 * <p>The file is written with bytes that compress badly, so that a compressing file system keeps the
 * room too (a copy-on-write one may still not give it back at once: then the stop is recorded as the
 * next start's crash, as before). Taken once per open for writing; made again by the next open.
 */
final class DiskReserve {

    private static final Logger LOG = LoggerFactory.getLogger(DiskReserve.class);
    /** WAL frames kept: recording a stop writes about 3 to 6 pages (a checkpoint row, the status, a split). */
    static final int PAGES = 16;
    /** One block of SQLite's {@code -shm} file (it grows by this every 4,096 WAL frames). */
    static final int SHM_BLOCK_BYTES = 32_768;

    private final Path file;
    private boolean held;

    private DiskReserve(Path file, boolean held) {
        this.file = file;
        this.held = held;
    }

    /** The file beside {@code archive} (its real path) that holds the room. */
    static Path fileFor(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".reserve");
    }

    /** The room for an archive of {@code pageSize}-byte pages. */
    static long bytesFor(int pageSize) {
        return WalCheckpointer.walBytes(PAGES, pageSize) + SHM_BLOCK_BYTES;
    }

    /**
     * Writes the room beside {@code archive} ({@code bytes} long). When the disk has not that much free,
     * nothing is kept (logged): the archive works as without it.
     */
    static DiskReserve keep(Path archive, long bytes) {
        Path file = fileFor(archive);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer block = ByteBuffer.allocate(8_192);
            long seed = 0x9E3779B97F4A7C15L;
            while (block.remaining() >= Long.BYTES) {
                seed ^= seed << 13;
                seed ^= seed >>> 7;
                seed ^= seed << 17;
                block.putLong(seed);
            }
            for (long written = 0; written < bytes; ) {
                block.clear().limit((int) Math.min(block.capacity(), bytes - written));
                while (block.hasRemaining()) {
                    written += channel.write(block, written);
                }
            }
            return new DiskReserve(file, true);
        } catch (IOException e) {
            LOG.warn("Cannot keep {} bytes of room for recording a stop beside {} ({}); a write that finds the "
                    + "disk full may then not record why it stopped", bytes, archive, e.getMessage());
            delete(file);
            return new DiskReserve(file, false);
        }
    }

    /** Whether the room is still kept (made, and not given up since). */
    boolean held() {
        return held;
    }

    /** Gives the room back to the disk (once); the next write may use it. */
    void release() {
        if (held) {
            held = false;
            delete(file);
            LOG.info("Gave up the room kept beside the archive ({}) so that the stop can be recorded", file);
        }
    }

    /** Removes the file (the archive closes). */
    void close() {
        held = false;
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot remove {} ({})", file, e.getMessage());
        }
    }
}

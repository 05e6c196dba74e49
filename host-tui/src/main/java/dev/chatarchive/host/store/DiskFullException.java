package dev.chatarchive.host.store;

import java.nio.file.Path;

/**
 * The disk holding the archive is full, so a write was rolled back. Nothing stored before is lost;
 * what the write carried was not stored. The message names the disk; callers that know more (how
 * much a sync had stored, how to resume) say it with {@link #disk()}.
 */
public final class DiskFullException extends ArchiveException {

    private final Path file;
    private final String disk;

    DiskFullException(Path file, String disk, Throwable cause) {
        this(file, disk, "The disk is full: " + disk + ". Nothing already in the archive was lost. Free some space "
                + "there, then try again.", cause);
    }

    DiskFullException(Path file, String disk, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.disk = disk;
    }

    /** The archive file whose write failed. */
    public Path file() {
        return file;
    }

    /** Which disk, and how much room it has left, as a phrase: "the disk /data (/dev/sdb1) that holds ... (0 bytes free)". */
    public String disk() {
        return disk;
    }
}

package dev.chatarchive.host.error;

/**
 * The exit codes of the {@code chat-archive} command, stable so that scripts can rely on them.
 * They are listed in the README's CLI reference.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** Something went wrong that is not the input's fault: an unreadable archive, a failing plugin. */
    public static final int FAILURE = 1;
    /** The command line was wrong: an unknown option, a bad number, a missing argument. */
    public static final int USAGE = 2;
    /** A thing the command line named does not exist: an unknown chat, a missing file. */
    public static final int NOT_FOUND = 3;
    /** The archive is open for writing in another chat-archive process. */
    public static final int ARCHIVE_IN_USE = 4;

    private ExitCodes() {
    }
}

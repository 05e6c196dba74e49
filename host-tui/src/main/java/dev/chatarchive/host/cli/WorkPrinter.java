package dev.chatarchive.host.cli;

import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.progress.ProgressThrottle;
import java.io.PrintWriter;

/**
 * The app's drawing of long work, for tools outside this package that run the host's code (the
 * benchmarks): the same printer and throttle the commands use for the host's own work ({@link
 * SyncProgressPrinter#work}: a bar redrawn in place on a terminal, a line per tenth otherwise).
 */
public final class WorkPrinter {

    private WorkPrinter() {
    }

    /** Draws the work reported to the listener on {@code out} (the caller's stderr, so reports on stdout stay clean). */
    public static ProgressListener drawingOn(PrintWriter out) {
        SyncProgressPrinter printer = new SyncProgressPrinter(out, SyncProgressPrinter.formFor(false));
        return new ProgressThrottle(printer::work, SyncProgressPrinter.REDRAW_MILLIS);
    }
}

package dev.chatarchive.host.progress;

import java.util.function.LongSupplier;

/**
 * Passes on only the progress worth showing, so that reporting never slows the work and a screen is
 * not redrawn thousands of times a second: the first report of a piece of work, its end, and between
 * them a report whose percentage (or detail) changed, at most once per {@code interval}. Thread-safe.
 */
public final class ProgressThrottle implements ProgressListener {

    private final ProgressListener next;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private WorkProgress last;
    private long lastPassedAt;

    /**
     * @param next           where the reports worth showing go
     * @param intervalMillis the least time between two intermediate reports
     */
    public ProgressThrottle(ProgressListener next, long intervalMillis) {
        this(next, intervalMillis, System::nanoTime);
    }

    ProgressThrottle(ProgressListener next, long intervalMillis, LongSupplier nanoTime) {
        this.next = next;
        this.intervalNanos = intervalMillis * 1_000_000;
        this.nanoTime = nanoTime;
    }

    @Override
    public void onProgress(WorkProgress progress) {
        if (passes(progress)) {
            next.onProgress(progress);
        }
    }

    private synchronized boolean passes(WorkProgress progress) {
        long now = nanoTime.getAsLong();
        boolean pass;
        if (last == null || !progress.sameWork(last) || progress.finished()) {
            pass = !progress.equals(last);
        } else {
            boolean changed = !progress.percent().equals(last.percent()) || !progress.detail().equals(last.detail())
                    || (progress.total() < 0 && progress.done() != last.done());
            pass = changed && now - lastPassedAt >= intervalNanos;
        }
        if (pass) {
            last = progress;
            lastPassedAt = now;
        }
        return pass;
    }
}

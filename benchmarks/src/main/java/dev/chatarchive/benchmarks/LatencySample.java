package dev.chatarchive.benchmarks;

import java.util.Arrays;

/** Latencies of repeated runs of one operation, with the percentiles a report needs. */
final class LatencySample {

    private final long[] nanos;
    private int count;

    LatencySample(int capacity) {
        nanos = new long[capacity];
    }

    /** Runs {@code operation} once and records how long it took. */
    void time(Runnable operation) {
        long started = System.nanoTime();
        operation.run();
        record(System.nanoTime() - started);
    }

    void record(long elapsedNanos) {
        if (count < nanos.length) {
            nanos[count++] = elapsedNanos;
        }
    }

    /** The {@code p}-th percentile in milliseconds (p in 0..100), nearest-rank. */
    double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1_000_000.0;
    }

    double medianMillis() {
        return percentileMillis(50);
    }

    double p99Millis() {
        return percentileMillis(99);
    }

    int count() {
        return count;
    }
}

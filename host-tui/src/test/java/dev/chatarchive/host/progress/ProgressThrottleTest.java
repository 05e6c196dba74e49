package dev.chatarchive.host.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the throttle lets through, on a clock the test moves. */
class ProgressThrottleTest {

    private long now;
    private final List<WorkProgress> passed = new ArrayList<>();
    private final ProgressThrottle throttle = new ProgressThrottle(passed::add, 100, () -> now);

    private void report(String operation, long done, long total) {
        throttle.onProgress(new WorkProgress("x", operation, "", done, total));
    }

    @Test
    void aThousandReportsAtOnce_passTheFirstAndTheLastOnly() {
        for (int done = 0; done <= 1000; done++) {
            report("Parsing", done, 1000);
        }

        assertEquals(List.of(0L, 1000L), passed.stream().map(WorkProgress::done).toList());
    }

    @Test
    void reportsSpreadOverTime_passWhenThePercentageChanged_atMostOncePerInterval() {
        report("Parsing", 0, 1000);
        now += 150_000_000L;
        report("Parsing", 4, 1000); // same percentage: nothing new to show
        report("Parsing", 20, 1000);
        report("Parsing", 30, 1000); // too soon after the last one shown
        now += 100_000_000L;
        report("Parsing", 40, 1000);
        report("Indexing", 0, -1); // another piece of work: shown at once
        report("Indexing", 0, -1); // the same report again: nothing new

        assertEquals(List.of("Parsing 0", "Parsing 20", "Parsing 40", "Indexing 0"),
                passed.stream().map(progress -> progress.operation() + " " + progress.done()).toList());
    }
}

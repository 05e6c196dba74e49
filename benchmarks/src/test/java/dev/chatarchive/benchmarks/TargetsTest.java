package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void measured_atTheIssuesSize_isMetOrMissedByTheFactorGiven() {
        Targets targets = new Targets();

        targets.measured("#15", "import under 30 s", "84.0 s", 1_000_000, 1_000_000, false, 84.0 / 30);
        targets.measured("#12", "adoption under 30 s", "22.5 s", 1_000_000, 1_000_000, true, 22.5 / 30);

        assertEquals(List.of("**missed** by 2.8×", "met"),
                targets.rows().stream().map(Targets.Target::verdict).toList());
    }

    @Test
    void measured_belowTheIssuesSize_isShownButNotJudged() {
        Targets targets = new Targets();

        targets.measured("#12", "search p99 under 20 ms at 10M", "p99 3.1 ms", 6_250_000, 10_000_000, true, 0.2);

        assertEquals("not judged: measured at 6,250,000, the target is for 10,000,000", targets.rows().get(0).verdict());
    }

    @Test
    void table_listsEveryRowInOrder_andNothingWhenEmpty() {
        Targets targets = new Targets();
        assertEquals(List.of(), targets.table());

        targets.notMeasured("#15", "msgstore.db under 30 s", "the backup section did not run (pass --backup 1m)");
        targets.measured("#12", "storage ≤ 2.5×", "7.07×", 1_000_000, 1_000_000, false, 7.07 / 2.5);

        assertEquals(List.of("| issue | target | measured in this run | |", "|---|---|---|---|",
                "| #15 | msgstore.db under 30 s |  | not measured: the backup section did not run (pass --backup 1m) |",
                "| #12 | storage ≤ 2.5× | 7.07× | **missed** by 2.8× |"), targets.table());
    }
}

package dev.chatarchive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's closing table: every speed, size and memory target of issues #12 and #15, each with
 * what this run measured and whether it is met, missed (and by how much), or not measured (and which
 * option measures it). A target the issue states at a size (a million messages, ten million) is judged
 * only when the run used at least that size; a smaller run's figure is shown but not judged.
 */
final class Targets {

    /** One row: the issue, the target as the issue states it, what was measured, and the verdict. */
    record Target(String issue, String target, String measured, String verdict) {
    }

    private final List<Target> rows = new ArrayList<>();

    /**
     * Adds a target measured at {@code size} (messages or rows) that the issue states at {@code required}.
     *
     * @param missedBy how many times too slow or too big the measurement is (the verdict's factor when missed)
     */
    void measured(String issue, String target, String measured, long size, long required, boolean met,
                  double missedBy) {
        String verdict;
        if (size < required) {
            verdict = "not judged: measured at " + count(size) + ", the target is for " + count(required);
        } else {
            verdict = met ? "met" : String.format(Locale.ROOT, "**missed** by %.1f×", missedBy);
        }
        rows.add(new Target(issue, target, measured, verdict));
    }

    /** Adds a target this run did not measure, saying why (and which option would measure it). */
    void notMeasured(String issue, String target, String why) {
        rows.add(new Target(issue, target, "", "not measured: " + why));
    }

    List<Target> rows() {
        return List.copyOf(rows);
    }

    /** The Markdown table, or no lines when no target was added. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        if (rows.isEmpty()) {
            return lines;
        }
        lines.add("| issue | target | measured in this run | |");
        lines.add("|---|---|---|---|");
        for (Target row : rows) {
            lines.add("| " + row.issue() + " | " + row.target() + " | " + row.measured() + " | " + row.verdict() + " |");
        }
        return lines;
    }

    /** "1,000,000 messages" style counts: {@code 10m} becomes 10,000,000. */
    static String count(long size) {
        return String.format(Locale.ROOT, "%,d", size);
    }
}

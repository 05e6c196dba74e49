package dev.chatarchive.whatsapp.export;

import java.util.List;
import java.util.Objects;

/**
 * Lines of an export the parser read with a problem it could work around, counted, with the first
 * few line numbers so that the user can look at them.
 *
 * @param kind       what was wrong
 * @param count      how many lines
 * @param firstLines the first {@link #KEPT_LINES} of them, from 1, in file order
 */
public record LineReport(Kind kind, long count, List<Long> firstLines) {

    /** How many line numbers a report keeps. */
    static final int KEPT_LINES = 5;

    /** What was wrong with the lines. */
    public enum Kind {
        /** Text before the first message header, which belongs to no message: not imported. */
        BEFORE_FIRST_MESSAGE,
        /** Bytes that are not valid in the file's encoding: each was replaced by U+FFFD. */
        INVALID_BYTES,
        /** NUL bytes, which no text holds: dropped. */
        NUL_BYTES,
        /**
         * Lines written like this file's message headers whose date or time is impossible (31 February,
         * 25:70): kept as text of the message before them.
         */
        UNREADABLE_HEADER,
        /**
         * Lines written like message headers of another layout (a chat pasted into a message): kept as
         * text of the message before them.
         */
        OTHER_LAYOUT
    }

    public LineReport {
        Objects.requireNonNull(kind, "kind must not be null");
        firstLines = List.copyOf(firstLines);
    }

    /** One sentence for the user, naming {@code fileName}. */
    String describe(String fileName) {
        String lines = count == 1 ? "1 line" : count + " lines";
        String s = count == 1 ? "s" : "";
        String where = (count == 1 ? "line " : count > firstLines.size() ? "first on lines " : "lines ")
                + join(firstLines);
        return switch (kind) {
            case BEFORE_FIRST_MESSAGE -> "'" + fileName + "': " + lines + " before the first message belong" + s
                    + " to no message (" + where + "); " + (count == 1 ? "it was" : "they were") + " not imported.";
            case INVALID_BYTES -> "'" + fileName + "': " + lines + " held bytes that are not valid text (" + where
                    + "); each was read as \uFFFD and the rest of the file as written.";
            case NUL_BYTES -> "'" + fileName + "': " + lines + " held NUL bytes (" + where + "); they were dropped.";
            case UNREADABLE_HEADER -> "'" + fileName + "': " + lines + " start" + s + " like a message but with a date or time"
                    + " that does not exist (" + where + "); each was kept as text of the message before it.";
            case OTHER_LAYOUT -> "'" + fileName + "': " + lines + " look" + s + " like messages of another chat pasted into a"
                    + " message (" + where + "); each was kept as text of the message before it.";
        };
    }

    private static String join(List<Long> numbers) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < numbers.size(); i++) {
            if (i > 0) {
                out.append(i == numbers.size() - 1 ? " and " : ", ");
            }
            out.append(numbers.get(i));
        }
        return out.toString();
    }

    /** Counts lines of one kind, keeping the first few numbers. */
    static final class Counter {
        private final Kind kind;
        private long count;
        private final long[] first = new long[KEPT_LINES];

        Counter(Kind kind) {
            this.kind = kind;
        }

        void add(long line) {
            if (count < KEPT_LINES) {
                first[(int) count] = line;
            }
            count++;
        }

        long count() {
            return count;
        }

        /** The report, or null when no line was counted. */
        LineReport report() {
            if (count == 0) {
                return null;
            }
            Long[] lines = new Long[(int) Math.min(count, KEPT_LINES)];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = first[i];
            }
            return new LineReport(kind, count, List.of(lines));
        }
    }
}

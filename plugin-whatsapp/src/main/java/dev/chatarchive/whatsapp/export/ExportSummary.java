package dev.chatarchive.whatsapp.export;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a whole export tells about its chat, gathered while parsing: enough to decide the chat's
 * title, whether it is a group, and who the archive's owner is ({@link ExportChatIdentity}), and what
 * the user should hear about the file. Names are kept sorted, so that anything decided from them is
 * the same in every run.
 *
 * @param messageCount   how many messages it holds
 * @param first          the earliest header time, or {@code null} when empty
 * @param last           the latest header time, or {@code null} when empty
 * @param dateOrder      the date order the parser used
 * @param authors        people who wrote messages, with how many each (system lines excluded); at most
 *                       {@link ExportFileParser#MAX_TRACKED_AUTHORS} names
 * @param manyAuthors    whether more authors existed than were tracked
 * @param systemAuthors  names iOS put on system lines (the chat's title, or the acting person)
 * @param groupEvents    how many group-only events (created group, added, left, ...) it holds
 * @param selfAuthors    authors whose own messages say "You deleted this message": the owner
 * @param skippedLines   lines before the first message that were not part of any message
 * @param lineReports    lines read with a problem the parser worked around, by kind
 * @param notes          other sentences for the user about how the file was read
 */
public record ExportSummary(long messageCount, LocalDateTime first, LocalDateTime last, DateOrder dateOrder,
                            Map<String, Long> authors, boolean manyAuthors, Map<String, Long> systemAuthors,
                            long groupEvents, Set<String> selfAuthors, long skippedLines,
                            List<LineReport> lineReports, List<String> notes) {

    public ExportSummary {
        Objects.requireNonNull(dateOrder, "dateOrder must not be null");
        authors = Collections.unmodifiableMap(new TreeMap<>(authors));
        systemAuthors = Collections.unmodifiableMap(new TreeMap<>(systemAuthors));
        selfAuthors = Collections.unmodifiableSet(new TreeSet<>(selfAuthors));
        lineReports = List.copyOf(lineReports);
        notes = List.copyOf(notes);
    }

    /** Every sentence the user should hear about how {@code fileName} was read, reports first. */
    public List<String> messagesFor(String fileName) {
        List<String> out = new java.util.ArrayList<>();
        for (LineReport report : lineReports) {
            out.add(report.describe(fileName));
        }
        out.addAll(notes);
        return out;
    }

    /** This summary with {@code more} notes after its own. */
    ExportSummary withNotes(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new ExportSummary(messageCount, first, last, dateOrder, authors, manyAuthors, systemAuthors, groupEvents,
                selfAuthors, skippedLines, lineReports, all);
    }

    /** The report of one kind, if any line had that problem. */
    public java.util.Optional<LineReport> report(LineReport.Kind kind) {
        return lineReports.stream().filter(r -> r.kind() == kind).findFirst();
    }
}

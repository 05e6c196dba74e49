package dev.chatarchive.whatsapp.export;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a whole export tells about its chat, gathered while parsing: enough to decide the chat's
 * title, whether it is a group, and who the archive's owner is ({@link ExportChatIdentity}).
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
 */
public record ExportSummary(long messageCount, LocalDateTime first, LocalDateTime last, DateOrder dateOrder,
                            Map<String, Long> authors, boolean manyAuthors, Map<String, Long> systemAuthors,
                            long groupEvents, Set<String> selfAuthors, long skippedLines) {

    public ExportSummary {
        Objects.requireNonNull(dateOrder, "dateOrder must not be null");
        authors = Map.copyOf(authors);
        systemAuthors = Map.copyOf(systemAuthors);
        selfAuthors = Set.copyOf(selfAuthors);
    }
}

package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.whatsapp.source.HistorySource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Pages a whole chat the way the host's sync engine does, checking the paging rules on the way. */
final class Paging {

    private static final Comparator<HistoricalMessage> ORDER =
            Comparator.comparing(HistoricalMessage::timestamp).thenComparing(HistoricalMessage::id);

    interface Fetcher {
        HistoryPage fetch(HistoryRequest request) throws Exception;
    }

    static List<HistoricalMessage> all(HistorySource source, String chatId, int limit) throws Exception {
        return all(source::fetchHistory, chatId, PagingDirection.OLDER, null, limit);
    }

    static List<HistoricalMessage> all(HistoryProvider provider, String chatId, int limit) throws Exception {
        return all(provider::fetchHistory, chatId, PagingDirection.OLDER, null, limit);
    }

    /** Every message on one side of {@code start}, oldest first, paging {@code limit} at a time. */
    static List<HistoricalMessage> all(Fetcher fetcher, String chatId, PagingDirection direction,
                                       HistoryCursor start, int limit) throws Exception {
        List<HistoricalMessage> collected = new ArrayList<>();
        HistoryCursor cursor = start;
        for (int guard = 0; guard < 100_000; guard++) {
            HistoryPage page = fetcher.fetch(new HistoryRequest(chatId, direction, cursor, limit));
            if (page.messages().size() > limit) {
                throw new AssertionError("page larger than the limit: " + page.messages().size());
            }
            List<HistoricalMessage> sorted = page.messages().stream().sorted(ORDER).toList();
            for (HistoricalMessage message : sorted) {
                if (cursor != null && (direction == PagingDirection.OLDER
                        ? !message.timestamp().isBefore(cursor.timestamp()) && !message.timestamp().equals(cursor.timestamp())
                        : message.timestamp().isBefore(cursor.timestamp()))) {
                    throw new AssertionError("message on the wrong side of the cursor: " + message);
                }
            }
            collected.addAll(sorted);
            if (page.endOfHistory()) {
                collected.sort(ORDER);
                return collected;
            }
            if (sorted.isEmpty()) {
                throw new AssertionError("empty page without end of history");
            }
            cursor = (direction == PagingDirection.OLDER ? sorted.get(0) : sorted.get(sorted.size() - 1)).toCursor();
        }
        throw new AssertionError("paging never ended");
    }
}

package dev.chatarchive.api;

import java.util.List;
import java.util.Objects;

/**
 * One page of history, the answer to a {@link HistoryRequest}.
 *
 * <p>Rules a provider must keep:
 * <ul>
 *   <li>every message belongs to the requested chat and lies strictly on the requested side of the
 *       cursor (older for {@link PagingDirection#OLDER}, newer for {@link PagingDirection#NEWER});
 *   <li>at most {@code limit} messages; any order (the host sorts);
 *   <li>{@code endOfHistory} is true only when the provider knows nothing lies further in that
 *       direction. An empty page with {@code endOfHistory == false} means "nothing now, ask again
 *       later" and the host treats it as a retryable condition, never as the end.
 * </ul>
 * The host tolerates a provider that breaks the first rule (it drops messages of another chat and
 * warns about timestamps on the wrong side), but it cannot detect a false end of history.
 *
 * @param messages      the messages; not {@code null}, may be empty
 * @param endOfHistory  whether history ends in the requested direction after these messages
 * @param totalEstimate the provider's estimate of how many messages the chat holds in all, or
 *                      {@code null} when unknown; the host uses it for progress only
 */
public record HistoryPage(List<HistoricalMessage> messages, boolean endOfHistory, Long totalEstimate) {

    public HistoryPage {
        Objects.requireNonNull(messages, "messages must not be null");
        messages = List.copyOf(messages);
        if (totalEstimate != null && totalEstimate < 0) {
            throw new IllegalArgumentException("totalEstimate must be >= 0, was " + totalEstimate);
        }
    }

    /** A page with these messages, saying history goes on, with no estimate. */
    public static HistoryPage of(List<HistoricalMessage> messages) {
        return new HistoryPage(messages, false, null);
    }

    /** A page with these messages after which history ends. */
    public static HistoryPage last(List<HistoricalMessage> messages) {
        return new HistoryPage(messages, true, null);
    }
}

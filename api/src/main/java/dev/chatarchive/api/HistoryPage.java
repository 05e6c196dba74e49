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
 *       later" and the host treats it as a retryable condition, never as the end;
 *   <li>{@code exhaustedBecause} is set when the provider knows history goes on but it can fetch
 *       nothing further in that direction (WhatsApp: the older messages of a chat are kept on the
 *       phone only). The host stores the page, stops the sync and shows the sentence; asking again
 *       later may or may not help, so the sync stays resumable.
 * </ul>
 * The host tolerates a provider that breaks the first rule (it drops messages of another chat and
 * warns about timestamps on the wrong side), but it cannot detect a false end of history.
 *
 * @param messages         the messages; not {@code null}, may be empty
 * @param endOfHistory     whether history ends in the requested direction after these messages
 * @param totalEstimate    the provider's estimate of how many messages the chat holds in all, or
 *                         {@code null} when unknown; the host uses it for progress only
 * @param exhaustedBecause {@code null}, or a sentence for the user saying why the provider can fetch
 *                         nothing beyond these messages although history goes on, and what to do;
 *                         never set together with {@code endOfHistory} (since api 1.1)
 */
public record HistoryPage(List<HistoricalMessage> messages, boolean endOfHistory, Long totalEstimate,
                          String exhaustedBecause) {

    public HistoryPage {
        Objects.requireNonNull(messages, "messages must not be null");
        messages = List.copyOf(messages);
        if (totalEstimate != null && totalEstimate < 0) {
            throw new IllegalArgumentException("totalEstimate must be >= 0, was " + totalEstimate);
        }
        if (exhaustedBecause != null) {
            if (exhaustedBecause.isBlank()) {
                throw new IllegalArgumentException("exhaustedBecause must be a sentence or null, not blank");
            }
            if (endOfHistory) {
                throw new IllegalArgumentException("a page cannot both end history and say the provider is exhausted");
            }
        }
    }

    /** A page without an exhausted reason: the constructor of api 1.0, kept for providers built on it. */
    public HistoryPage(List<HistoricalMessage> messages, boolean endOfHistory, Long totalEstimate) {
        this(messages, endOfHistory, totalEstimate, null);
    }

    /** A page with these messages, saying history goes on, with no estimate. */
    public static HistoryPage of(List<HistoricalMessage> messages) {
        return new HistoryPage(messages, false, null);
    }

    /** A page with these messages after which history ends. */
    public static HistoryPage last(List<HistoricalMessage> messages) {
        return new HistoryPage(messages, true, null);
    }

    /**
     * A page with these messages after which this provider can fetch nothing more, although history
     * goes on; {@code because} tells the user why and what to do. Since api 1.1.
     */
    public static HistoryPage exhausted(List<HistoricalMessage> messages, String because) {
        return new HistoryPage(messages, false, null, Objects.requireNonNull(because, "because must not be null"));
    }

    /** Whether the provider can fetch nothing beyond this page although history goes on. Since api 1.1. */
    public boolean exhausted() {
        return exhaustedBecause != null;
    }
}

package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.host.store.MessageRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's page sorted into what the engine stores and what it refuses, with the anchor for the
 * next request. Providers are trusted for nothing here:
 * <ul>
 *   <li>messages of another chat are dropped (counted and logged), never stored under this chat's
 *       checkpoint;
 *   <li>a message repeated within the page counts once;
 *   <li>a page longer than the limit asked is cut to the limit, keeping the messages nearest the
 *       cursor, so {@code max_messages} holds even against a provider that ignores it;
 *   <li>messages that break {@link MessageRules} are counted and logged with the reason, never
 *       stored, never fatal.
 * </ul>
 * The anchor of the next request is the page's oldest (paging back) or newest (catching up) message
 * of this chat by {@code (timestamp, id)}, stored or refused, so paging moves past a run of bad
 * messages instead of asking for it again. The checkpoint's cursor must be a stored message, so it
 * is the oldest storable one; the two differ only when a refused message is the oldest, and then a
 * resume from the cursor asks for a few refused messages again, which costs nothing.
 *
 * @param storable     the messages to store, by (timestamp, id)
 * @param anchor       where the next request starts, or {@code null} when the page held nothing of this chat
 * @param cursor       the oldest storable message, the checkpoint's next cursor, or {@code null} when none
 * @param invalid      how many messages broke a rule
 * @param foreign      how many belonged to another chat
 * @param endOfHistory whether the provider said history ends in the direction asked
 */
record PageReview(List<HistoricalMessage> storable, HistoricalMessage anchor, HistoricalMessage cursor, int invalid,
                  int foreign, boolean endOfHistory) {

    private static final Logger LOG = LoggerFactory.getLogger(PageReview.class);
    private static final Comparator<HistoricalMessage> BY_TIME_THEN_ID =
            Comparator.comparing(HistoricalMessage::timestamp).thenComparing(HistoricalMessage::id);

    PageReview {
        storable = List.copyOf(storable);
    }

    /** How many messages were refused. */
    int skipped() {
        return invalid + foreign;
    }

    static PageReview of(HistoryPage page, String chatId, PagingDirection direction, int limit, MessageRules rules) {
        Map<String, HistoricalMessage> ofThisChat = new LinkedHashMap<>();
        int foreign = 0;
        for (HistoricalMessage message : page.messages()) {
            if (message.chatId().equals(chatId)) {
                ofThisChat.putIfAbsent(message.id(), message);
            } else {
                foreign++;
                LOG.warn("Dropped message {} of chat {} from a page of chat {}: a provider must answer only "
                        + "the chat asked for", message.id(), message.chatId(), chatId);
            }
        }
        List<HistoricalMessage> kept = new ArrayList<>(ofThisChat.values());
        kept.sort(BY_TIME_THEN_ID);
        if (kept.size() > limit) {
            LOG.warn("A page of {} held {} messages where at most {} were asked for; keeping those nearest the cursor",
                    chatId, kept.size(), limit);
            kept = direction == PagingDirection.OLDER
                    ? new ArrayList<>(kept.subList(kept.size() - limit, kept.size()))
                    : new ArrayList<>(kept.subList(0, limit));
        }
        List<HistoricalMessage> storable = new ArrayList<>();
        int invalid = 0;
        for (HistoricalMessage message : kept) {
            Optional<String> problem = rules.problem(message);
            if (problem.isPresent()) {
                invalid++;
                LOG.warn("Skipped a message of {}: {}", chatId, problem.get());
            } else {
                storable.add(message);
            }
        }
        return new PageReview(storable, pick(kept, direction), pick(storable, PagingDirection.OLDER), invalid, foreign,
                page.endOfHistory());
    }

    private static HistoricalMessage pick(List<HistoricalMessage> sorted, PagingDirection direction) {
        if (sorted.isEmpty()) {
            return null;
        }
        return direction == PagingDirection.OLDER ? sorted.get(0) : sorted.get(sorted.size() - 1);
    }
}

package dev.chatarchive.api;

import java.util.Objects;

/**
 * A request for one page of a chat's history.
 *
 * @param chatId    the chat; one the provider listed, or one the user named
 * @param direction which side of the cursor to read
 * @param cursor    the anchor message, or {@code null}: with no cursor, {@link PagingDirection#OLDER}
 *                  means "the newest messages of the chat" and {@link PagingDirection#NEWER} means
 *                  "the oldest messages of the chat"
 * @param limit     the most messages the page may hold, from 1 to the provider's
 *                  {@link SyncPolicy#maxPageSize()}
 */
public record HistoryRequest(String chatId, PagingDirection direction, HistoryCursor cursor, int limit) {

    public HistoryRequest {
        HistoricalMessage.requireText(chatId, "chatId");
        Objects.requireNonNull(direction, "direction must not be null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /** A request for up to {@code limit} messages strictly older than {@code cursor} (or the newest, if null). */
    public static HistoryRequest older(String chatId, HistoryCursor cursor, int limit) {
        return new HistoryRequest(chatId, PagingDirection.OLDER, cursor, limit);
    }

    /** A request for up to {@code limit} messages strictly newer than {@code cursor} (or the oldest, if null). */
    public static HistoryRequest newer(String chatId, HistoryCursor cursor, int limit) {
        return new HistoryRequest(chatId, PagingDirection.NEWER, cursor, limit);
    }
}

package dev.chatarchive.api;

import java.time.Instant;

/**
 * A chat a provider can give history for.
 *
 * @param chatId          the provider's id for the chat, stable across runs; not blank. It must pass
 *                        the provider's own {@link HistoryProvider#chatIdProblem(String)} check.
 * @param title           what the user calls the chat (contact or group name); not blank
 * @param group           whether it has more than two participants
 * @param lastActivity    when its newest message was sent, or {@code null} if unknown
 * @param estimatedSize   how many messages the provider thinks it holds, or {@code null} if unknown
 */
public record ChatDescription(String chatId, String title, boolean group, Instant lastActivity,
                              Long estimatedSize) {

    public ChatDescription {
        HistoricalMessage.requireText(chatId, "chatId");
        HistoricalMessage.requireText(title, "title");
        if (estimatedSize != null && estimatedSize < 0) {
            throw new IllegalArgumentException("estimatedSize must be >= 0, was " + estimatedSize);
        }
    }
}

package dev.chatarchive.host.store;

import java.time.Instant;

/**
 * A chat as the archive lists it.
 *
 * @param chatId        the chat id (the seed's {@code chat_jid})
 * @param providerId    the provider the chat's history comes from
 * @param title         its name
 * @param group         whether it is a group
 * @param lastActivity  the newest message's time as far as known, or {@code null}
 * @param estimatedSize the provider's estimate of its total size, or {@code null}
 * @param messageCount  how many messages the archive holds for it
 */
public record ChatRecord(String chatId, String providerId, String title, boolean group, Instant lastActivity,
                         Long estimatedSize, long messageCount) {
}

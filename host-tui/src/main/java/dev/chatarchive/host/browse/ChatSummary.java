package dev.chatarchive.host.browse;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat as the chat list shows it.
 *
 * @param chatId        the chat's id; not blank
 * @param providerId    the provider its history comes from; not blank
 * @param title         its name, raw (the UI sanitises it)
 * @param group         whether it is a group
 * @param lastActivity  when its newest message was sent, or {@code null}
 * @param messageCount  messages the archive holds, >= 0
 * @param preview       the newest message's text, raw, or "" when there is none
 * @param sync          how its sync stands
 */
public record ChatSummary(String chatId, String providerId, String title, boolean group, Instant lastActivity,
                          long messageCount, String preview, ChatSyncState sync) {

    public ChatSummary {
        if (chatId == null || chatId.isBlank()) {
            throw new IllegalArgumentException("chatId must not be blank");
        }
        if (providerId == null || providerId.isBlank()) {
            throw new IllegalArgumentException("providerId must not be blank");
        }
        title = title == null || title.isBlank() ? chatId : title;
        if (messageCount < 0) {
            throw new IllegalArgumentException("messageCount must be >= 0, was " + messageCount);
        }
        preview = preview == null ? "" : preview;
        Objects.requireNonNull(sync, "sync must not be null");
    }
}

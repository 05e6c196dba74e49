package dev.chatarchive.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A message the archive already holds, used as the anchor of a page request: when paging back, the
 * oldest message held for the chat; when catching up, the newest.
 *
 * <p>It carries what live protocols need to build an anchor (WhatsApp wants the message id, whether
 * it was sent by the user, the sender in groups, and its timestamp), not just an id.
 *
 * @param messageId the anchor message's id; not blank
 * @param timestamp the anchor message's timestamp
 * @param fromMe    whether the archive's owner sent the anchor message
 * @param sender    the anchor message's sender, as the provider gave it
 */
public record HistoryCursor(String messageId, Instant timestamp, boolean fromMe, String sender) {

    public HistoryCursor {
        HistoricalMessage.requireText(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp must not be null");
        HistoricalMessage.requireText(sender, "sender");
    }
}

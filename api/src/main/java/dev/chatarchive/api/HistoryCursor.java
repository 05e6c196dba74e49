package dev.chatarchive.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A message the archive already holds, used as the anchor of a page request: when paging back, the
 * oldest message held for the chat; when catching up, the newest.
 *
 * <p>It carries what live protocols need to build an anchor (WhatsApp wants the message id, whether
 * it was sent by the user, the sender in groups, its timestamp, and the chat address the message was
 * keyed under, which is in its raw record), not just an id.
 *
 * @param messageId the anchor message's id; not blank
 * @param timestamp the anchor message's timestamp
 * @param fromMe    whether the archive's owner sent the anchor message
 * @param sender    the anchor message's sender, as the provider gave it
 * @param rawJson   the anchor message's raw record as the provider gave it
 *                  ({@link HistoricalMessage#rawJson()}), or {@code null} when it had none (since api 1.1)
 */
public record HistoryCursor(String messageId, Instant timestamp, boolean fromMe, String sender, String rawJson) {

    public HistoryCursor {
        HistoricalMessage.requireText(messageId, "messageId");
        Objects.requireNonNull(timestamp, "timestamp must not be null");
        HistoricalMessage.requireText(sender, "sender");
    }

    /** A cursor without a raw record: the constructor of api 1.0, kept for providers and hosts built on it. */
    public HistoryCursor(String messageId, Instant timestamp, boolean fromMe, String sender) {
        this(messageId, timestamp, fromMe, sender, null);
    }
}

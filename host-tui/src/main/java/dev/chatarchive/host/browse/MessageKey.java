package dev.chatarchive.host.browse;

import java.util.Comparator;
import java.util.Objects;

/**
 * A message's place in its chat: the keyset order {@code (timestamp, id)} the archive pages by.
 *
 * @param timestampMillis when it was sent, epoch milliseconds
 * @param id              its id; "" sorts before every real id, so {@code (t, "")} means "the start of instant t"
 */
public record MessageKey(long timestampMillis, String id) implements Comparable<MessageKey> {

    private static final Comparator<MessageKey> ORDER =
            Comparator.comparingLong(MessageKey::timestampMillis).thenComparing(MessageKey::id);

    public MessageKey {
        Objects.requireNonNull(id, "id must not be null");
    }

    /** The key before every message sent at or after {@code timestampMillis}. */
    public static MessageKey startOf(long timestampMillis) {
        return new MessageKey(timestampMillis, "");
    }

    @Override
    public int compareTo(MessageKey other) {
        return ORDER.compare(this, other);
    }
}

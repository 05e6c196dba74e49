package dev.chatarchive.api;

import java.util.Locale;

/**
 * What kind of message a {@link HistoricalMessage} is. The archive stores {@link #wireName()}.
 *
 * <p>A provider maps whatever its source knows onto these; anything it cannot classify is
 * {@link #TEXT} when it has readable text, {@link #UNKNOWN} otherwise. The original is always kept
 * in {@link HistoricalMessage#rawJson()}.
 */
public enum MessageType {
    /** Plain text. */
    TEXT,
    /** A photo, with its caption (if any) as content. */
    IMAGE,
    /** A video, with its caption (if any) as content. */
    VIDEO,
    /** An audio file or a voice note. */
    AUDIO,
    /** A sticker. */
    STICKER,
    /** An animated GIF. */
    GIF,
    /** A document (PDF, archive, anything sent as a file). */
    DOCUMENT,
    /** A shared contact card. */
    CONTACT,
    /** A location pin. */
    LOCATION,
    /** A live location share. */
    LIVE_LOCATION,
    /** A poll; content holds the question and options. */
    POLL,
    /** A missed or completed voice or video call. */
    CALL,
    /** A view-once photo, video or voice note whose media is not available. */
    VIEW_ONCE,
    /** A message the sender deleted; content says so. */
    DELETED,
    /** An event the chat itself records: joins, leaves, title changes, encryption notices. */
    SYSTEM,
    /** Media the source mentions but did not include, and whose kind it does not tell. */
    MEDIA_OMITTED,
    /** Nothing readable could be made of it. */
    UNKNOWN;

    /** {@link #wireName()}, made once: it is bound for every message stored and compared for every one read. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** Every type, for {@link #fromWireName} (values() copies its array at each call). */
    private static final MessageType[] ALL = values();

    /** The lower-case name stored in the archive's {@code message_type} column, e.g. {@code "live_location"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The type stored under {@code wireName}; {@link #UNKNOWN} for {@code null} or a name this
     * version does not know (an archive written by a newer version stays readable).
     */
    public static MessageType fromWireName(String wireName) {
        if (wireName == null) {
            return UNKNOWN;
        }
        for (MessageType type : ALL) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return UNKNOWN;
    }
}

package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.MessageType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Derives stable ids for exported messages, which carry none.
 *
 * <p>An id is a hash of what every export of the chat writes the same way: the header's wall-clock
 * time (as written, with seconds when present), the message text (for media only the fact that it is
 * media, so exports with and without media agree), and how many identical (time, text) messages came
 * before it in the file. So the same export imported twice, or an overlapping newer export, yields the
 * same ids; two genuinely identical messages in the same minute get ordinals 0 and 1 and stay two.
 * The author is left out on purpose: a contact renamed in the phone's address book between two exports
 * must not double all of that person's messages.
 *
 * <p>Ids look like {@code export-} and 32 hex digits: never a WhatsApp message id (those are upper-case
 * hex without a dash), so export and live ids cannot collide. An instance keeps a bounded memory of
 * recent header times: identical messages are counted within the same time. The lines of one chat's
 * export are never out of order by more than a few messages, but files that are several exports
 * pasted one after another (data sets passed around by mail) come back to a time thousands of
 * messages later; the memory is wide enough that such a repeat is still counted, not merged.
 */
final class MessageIds {

    static final String PREFIX = "export-";
    /**
     * Distinct header times remembered (about 1 MB): one chat's lines come back to a time within a few
     * lines, pasted-together exports within their own length (1,024 merged a repeat 2,400 lines later).
     */
    static final int REMEMBERED_TIMES = 16_384;
    private static final Set<MessageType> MEDIA = Set.of(MessageType.IMAGE, MessageType.VIDEO, MessageType.AUDIO,
            MessageType.STICKER, MessageType.GIF, MessageType.DOCUMENT, MessageType.CONTACT,
            MessageType.MEDIA_OMITTED);

    /** Recent header times (as {@link #keyOf} numbers), each with how many messages and texts carried it. */
    private final RecentKeys<TimeSlot> recentTimes = new RecentKeys<>(REMEMBERED_TIMES);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] SEPARATOR = {0x01};
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.ISO_8859_1);
    /** The runtime's SHA-256, one per instance (an instance serves one parse, on one thread). */
    private final MessageDigest sha256 = newSha256();
    /** The most recently used entry of {@link #recentTimes}: the message's two calls land on it. */
    private long lastKey;
    private TimeSlot lastSlot;

    private static final class TimeSlot {
        /** The time as {@link LocalDateTime#toString()} writes it, in UTF-8 (all ASCII). */
        final byte[] writtenBytes;
        int messages;
        /** The first text seen at this time and its count; most times carry one text, so no map for them. */
        String firstText;
        int firstTextCount;
        Map<String, Integer> otherTexts;

        TimeSlot(LocalDateTime time) {
            this.writtenBytes = isoText(time);
        }

        /** How many times {@code text} came before at this time; counts it. */
        int countText(String text) {
            if (firstText == null) {
                firstText = text;
                firstTextCount = 1;
                return 0;
            }
            if (firstText.equals(text)) {
                return firstTextCount++;
            }
            if (otherTexts == null) {
                otherTexts = new HashMap<>(4);
            }
            return otherTexts.merge(text, 1, Integer::sum) - 1;
        }
    }

    /** How many messages before this one (in the file) carried the same header time; counts it. */
    int nextSameTimeOrdinal(LocalDateTime written) {
        return slot(written).messages++;
    }

    /**
     * The slot of {@code written}, made most recently used. The last slot used is already the most
     * recent one in the access order, so looking it up again would change nothing but cost a lookup.
     */
    private TimeSlot slot(LocalDateTime written) {
        long key = keyOf(written);
        if (lastSlot == null || key != lastKey) {
            lastSlot = recentTimes.computeIfAbsent(key, k -> new TimeSlot(written));
            lastKey = key;
        }
        return lastSlot;
    }

    /** A header time as one number, distinct for distinct times: headers carry whole seconds at most. */
    private static long keyOf(LocalDateTime written) {
        if (written.getNano() != 0) {
            throw new IllegalArgumentException("a header time has no fraction of a second, was " + written);
        }
        return written.toEpochSecond(ZoneOffset.UTC);
    }

    /** The id of the next message with this header time, type and text; counts it. */
    String next(LocalDateTime written, MessageType type, String content) {
        String body = MEDIA.contains(type) ? "\u0000media" : content;
        TimeSlot slot = slot(written);
        int ordinal = slot.countText(body);
        // The hash of the UTF-8 of written + U+0001 + body + U+0001 + ordinal, fed in pieces: the same
        // bytes (the pieces around the body are ASCII), without building the joined string.
        sha256.update(slot.writtenBytes);
        sha256.update(SEPARATOR);
        sha256.update(body.getBytes(StandardCharsets.UTF_8));
        sha256.update(SEPARATOR);
        if (ordinal < 10) {
            sha256.update((byte) ('0' + ordinal));
        } else {
            sha256.update(Integer.toString(ordinal).getBytes(StandardCharsets.ISO_8859_1));
        }
        return idText(sha256.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The ASCII of {@code time.toString()} ("2019-01-13T08:00", or "...T08:00:37" with seconds), written
     * straight into bytes: the generic formatting cost as much as the hash. Header times have a year
     * of at most four digits and no fraction of a second; anything else takes the generic way.
     */
    static byte[] isoText(LocalDateTime time) {
        int year = time.getYear();
        if (year < 0 || year > 9999 || time.getNano() != 0) {
            return time.toString().getBytes(StandardCharsets.UTF_8);
        }
        int second = time.getSecond();
        byte[] text = new byte[second > 0 ? 19 : 16];
        twoDigits(text, 0, year / 100);
        twoDigits(text, 2, year % 100);
        text[4] = '-';
        twoDigits(text, 5, time.getMonthValue());
        text[7] = '-';
        twoDigits(text, 8, time.getDayOfMonth());
        text[10] = 'T';
        twoDigits(text, 11, time.getHour());
        text[13] = ':';
        twoDigits(text, 14, time.getMinute());
        if (second > 0) {
            text[16] = ':';
            twoDigits(text, 17, second);
        }
        return text;
    }

    private static void twoDigits(byte[] text, int at, int value) {
        text[at] = (byte) ('0' + value / 10);
        text[at + 1] = (byte) ('0' + value % 10);
    }

    /** {@link #PREFIX} and the first 16 bytes of the hash in lower-case hex. */
    private static String idText(byte[] hash) {
        byte[] text = new byte[PREFIX.length() + 32];
        System.arraycopy(PREFIX_BYTES, 0, text, 0, PREFIX_BYTES.length);
        int at = PREFIX.length();
        for (int i = 0; i < 16; i++) {
            text[at++] = HEX_DIGITS[(hash[i] >>> 4) & 0xF];
            text[at++] = HEX_DIGITS[hash[i] & 0xF];
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** The first 64 bits of an export id, as a number whose unsigned order is the id's text order. */
    static long prefixBits(String id) {
        return Long.parseUnsignedLong(id.substring(PREFIX.length(), PREFIX.length() + 16), 16);
    }
}

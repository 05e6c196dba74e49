package dev.chatarchive.host.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * Reads the timestamps a baileys-bridge database holds, which were written as whatever the writer
 * had at hand: ISO text with or without an offset ({@code 2024-05-01T10:00:00.000Z}), SQLite's
 * {@code CURRENT_TIMESTAMP} text ({@code 2024-05-01 10:00:00}, UTC), or a number of seconds or
 * milliseconds since the epoch. Text without an offset is UTC, as SQLite writes it.
 */
final class LegacyTimestamps {

    /** Numbers below this are seconds (it is 5138 in seconds, 1973 in milliseconds). */
    private static final long SECONDS_LIMIT = 100_000_000_000L;
    private static final DateTimeFormatter SQLITE_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private LegacyTimestamps() {
    }

    /** Epoch milliseconds of {@code value}, or empty when it cannot be read. */
    static OptionalLong toEpochMillis(Object value) {
        if (value instanceof Number number) {
            return OptionalLong.of(fromNumber(number.longValue()));
        }
        if (value == null) {
            return OptionalLong.empty();
        }
        String text = value.toString().strip();
        if (text.matches("-?\\d+")) {
            return OptionalLong.of(fromNumber(Long.parseLong(text)));
        }
        try {
            return OptionalLong.of(Instant.parse(text).toEpochMilli());
        } catch (DateTimeParseException notInstant) {
            // try the next form
        }
        try {
            return OptionalLong.of(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        } catch (DateTimeParseException notOffset) {
            // try the next form
        }
        try {
            return OptionalLong.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeParseException notLocal) {
            // try the next form
        }
        try {
            return OptionalLong.of(LocalDateTime.parse(text, SQLITE_TEXT).toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeParseException unreadable) {
            return OptionalLong.empty();
        }
    }

    private static long fromNumber(long number) {
        return Math.abs(number) < SECONDS_LIMIT ? number * 1000 : number;
    }
}

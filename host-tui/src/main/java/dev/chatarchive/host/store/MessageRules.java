package dev.chatarchive.host.store;

import dev.chatarchive.api.HistoricalMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The seed's validation rules for a Historical Message that the archive itself can judge. (The
 * chat-id format is the provider's rule: {@code HistoryProvider.chatIdProblem}.) One place serves
 * the sync engine, imports and live messages alike.
 *
 * <ul>
 *   <li>{@code timestamp} lies in 2010-01-01 .. now, allowing {@link #CLOCK_SKEW} of clock skew;
 *   <li>{@code chat_jid} and {@code id} are not blank (the record itself already refuses blanks);
 *   <li>{@code raw_proto}, if present, is a JSON document (checked by the archive on insert).
 * </ul>
 */
public final class MessageRules {

    /** WhatsApp (and the seed's range) starts here. */
    public static final Instant EARLIEST = Instant.parse("2010-01-01T00:00:00Z");
    /**
     * How far in the future a timestamp may lie: 27 hours, the widest gap between two time zones (26
     * hours, UTC-12 to UTC+14) and an hour for a phone clock that runs ahead. Exports carry wall-clock
     * times that are read in this computer's zone, so a message written a moment ago on a phone on the
     * other side of the world can look that far ahead; it is real and kept.
     */
    public static final Duration CLOCK_SKEW = Duration.ofHours(27);

    private final Clock clock;

    public MessageRules(Clock clock) {
        this.clock = clock;
    }

    /** Why {@code message} must not be stored, or empty when it may be. */
    public Optional<String> problem(HistoricalMessage message) {
        Instant timestamp = message.timestamp();
        if (timestamp.isBefore(EARLIEST)) {
            return Optional.of("timestamp " + timestamp + " of message " + message.id()
                    + " is before 2010-01-01, the earliest a message can be");
        }
        Instant latest = clock.instant().plus(CLOCK_SKEW);
        if (timestamp.isAfter(latest)) {
            return Optional.of("timestamp " + timestamp + " of message " + message.id()
                    + " is in the future (later than now plus " + CLOCK_SKEW.toHours() + " hours of clock skew)");
        }
        return Optional.empty();
    }

    /** Throws {@link ValidationException} when {@code message} breaks a rule. */
    public void check(HistoricalMessage message) {
        problem(message).ifPresent(reason -> {
            throw new ValidationException(reason);
        });
    }
}

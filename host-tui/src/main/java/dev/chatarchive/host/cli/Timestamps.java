package dev.chatarchive.host.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How the command line shows instants: local time of the host's clock zone, to the minute. */
final class Timestamps {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Timestamps() {
    }

    static String minute(Instant instant, Clock clock) {
        return MINUTE.format(instant.atZone(clock.getZone()));
    }
}

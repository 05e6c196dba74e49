package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoricalMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Chat histories for sync tests, oldest first, with ids that say where a message sits. */
final class Histories {

    static final Instant START = Instant.parse("2021-03-01T09:00:00Z");

    private Histories() {
    }

    /** {@code count} text messages a minute apart, ids {@code m0001}.. in order. */
    static List<HistoricalMessage> linear(String chatId, int count) {
        List<HistoricalMessage> history = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            history.add(message(chatId, i, START.plus(Duration.ofMinutes(i))));
        }
        return history;
    }

    static HistoricalMessage message(String chatId, int number, Instant at) {
        return HistoricalMessage.text(String.format("m%04d", number), chatId, number % 3 == 0 ? "me" : "friend@test",
                "message " + number, at, number % 3 == 0);
    }

    /**
     * A random history: mostly ascending timestamps, with ties and some that go backwards (clocks on
     * phones are wrong), and now and then a message from before 2010 that the host must refuse.
     */
    static List<HistoricalMessage> random(String chatId, int count, Random random, boolean withInvalid) {
        List<HistoricalMessage> history = new ArrayList<>();
        Instant at = START;
        for (int i = 1; i <= count; i++) {
            int roll = random.nextInt(20);
            if (roll == 0) {
                at = at.minus(Duration.ofSeconds(random.nextInt(600)));
            } else if (roll > 2) {
                at = at.plus(Duration.ofSeconds(1 + random.nextInt(3600)));
            }
            Instant stamp = withInvalid && random.nextInt(40) == 0 ? Instant.parse("1999-12-31T23:59:59Z") : at;
            history.add(message(chatId, i, stamp));
        }
        return history;
    }
}

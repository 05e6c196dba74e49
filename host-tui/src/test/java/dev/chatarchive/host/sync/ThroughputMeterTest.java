package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThroughputMeterTest {

    private final ManualClock clock = new ManualClock(Histories.START);
    private final ThroughputMeter meter = new ThroughputMeter(clock, Duration.ofSeconds(30));

    @Test
    void timeFor_isUnknownBeforeAnyTimeHasPassed() {
        meter.record(50);

        assertEquals(Optional.empty(), meter.timeFor(100));
    }

    @Test
    void timeFor_followsTheRecentPace() {
        // given 50 messages every 5 seconds
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(5));
            meter.record(50);
        }

        // then 10 messages a second, and 200 more take 20 seconds
        assertEquals(10.0, meter.messagesPerSecond(), 1e-9);
        assertEquals(Optional.of(Duration.ofSeconds(20)), meter.timeFor(200));
    }

    @Test
    void messagesPerSecond_forgetsWhatLiesOutsideTheWindow() {
        // given a fast start: 1000 messages in the first second
        clock.advance(Duration.ofSeconds(1));
        meter.record(1000);
        // and then a minute at 1 message a second
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofSeconds(1));
            meter.record(1);
        }

        // then the pace is the recent one, not the lifetime average (about 17 a second)
        assertEquals(1.0, meter.messagesPerSecond(), 0.05);
        assertEquals(1060, meter.total());
    }

    @Test
    void timeFor_nothingLeftTakesNoTime() {
        assertEquals(Optional.of(Duration.ZERO), meter.timeFor(0));
    }
}

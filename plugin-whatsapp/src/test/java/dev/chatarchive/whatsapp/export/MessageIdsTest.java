package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces ids are hashed from stay exactly what they were: stored archives hold these ids. */
class MessageIdsTest {

    @Test
    void isoText_anyHeaderTime_isTheBytesOfLocalDateTimeToString() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            LocalDateTime time = LocalDateTime.of(random.nextInt(10_000), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(60));

            assertEquals(time.toString(), new String(MessageIds.isoText(time), StandardCharsets.US_ASCII));
        }
    }
}

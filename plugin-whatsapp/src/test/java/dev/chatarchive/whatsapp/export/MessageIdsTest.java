package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.chatarchive.api.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
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

    @Test
    void sameTimeAndText_againThousandsOfTimesLater_asInExportsPastedTogether_isASecondMessage() {
        MessageIds ids = new MessageIds();
        LocalDateTime start = LocalDateTime.of(2018, 1, 6, 19, 1);
        String notice = "Messages to this chat and calls are now secured with end-to-end encryption.";
        String first = ids.next(start, MessageType.SYSTEM, notice);
        Set<String> between = new HashSet<>();
        for (int i = 1; i <= 5_000; i++) {
            between.add(ids.next(start.plusMinutes(i), MessageType.TEXT, "message " + i));
        }

        String again = ids.next(start, MessageType.SYSTEM, notice);

        assertNotEquals(first, again, "the pasted second export's notice is a message of its own");
        assertEquals(5_000, between.size());
        assertEquals(first, new MessageIds().next(start, MessageType.SYSTEM, notice), "the first keeps its id");
    }
}

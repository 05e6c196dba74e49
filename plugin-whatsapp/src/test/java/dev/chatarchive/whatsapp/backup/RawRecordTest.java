package dev.chatarchive.whatsapp.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RawRecord#toString()} writes its JSON itself: it must be byte for byte what Jackson writes for
 * the same record (archives written before hold Jackson's text, and a re-import compares nothing, but
 * the rows of the same backup must not depend on the version that imported it).
 */
class RawRecordTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void toString_ofRecordsWithEveryKindOfCharacterAndValue_isJacksonsText() throws Exception {
        Random random = new Random(6);
        for (int round = 0; round < 2_000; round++) {
            long row = random.nextLong();
            RawRecord record = new RawRecord("android-msgstore", row);
            ObjectNode expected = JACKSON.createObjectNode().put("source", "android-msgstore").put("row", row);
            String text = text(random);
            record.put("media_name", text);
            if (!text.isEmpty()) {
                expected.put("media_name", text);
            }
            long type = random.nextInt(100) - 50;
            record.put("type", type);
            expected.put("type", type);
            double latitude = (random.nextDouble() - 0.5) * 180;
            record.put("lat", latitude);
            expected.put("lat", latitude);
            boolean starred = random.nextBoolean();
            record.flag("starred", starred);
            if (starred) {
                expected.put("starred", true);
            }
            record.object("media").put("file", text(random)).put("size", random.nextInt()).putNull("hash");
            expected.putObject("media").setAll(record.object("media").deepCopy());
            ObjectNode reaction = record.array("reactions").addObject().put("from", text(random)).put("at", 1.5e300);
            expected.putArray("reactions").addObject().setAll(reaction.deepCopy());
            record.array("reactions").add(text(random)).add(random.nextLong()).add(false);
            expected.set("reactions", record.array("reactions").deepCopy());

            assertEquals(JACKSON.writeValueAsString(expected), record.toString(), "round " + round);
        }
    }

    @Test
    void toString_ofEveryCharacterOfTheBasicPlane_isJacksonsText() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xFFFF; c++) {
            all.append(c);
        }
        RawRecord record = new RawRecord("ios-chatstorage", 7).put("text", all.toString());
        ObjectNode expected = JACKSON.createObjectNode().put("source", "ios-chatstorage").put("row", 7L)
                .put("text", all.toString());
        assertEquals(JACKSON.writeValueAsString(expected), record.toString());
    }

    @Test
    void toString_ofANonFiniteNumber_isLeftToJackson() throws Exception {
        RawRecord record = new RawRecord("android-msgstore", 1).put("lat", Double.NaN).put("long", Double.NEGATIVE_INFINITY);
        ObjectNode expected = JACKSON.createObjectNode().put("source", "android-msgstore").put("row", 1L)
                .put("lat", Double.NaN).put("long", Double.NEGATIVE_INFINITY);
        assertEquals(JACKSON.writeValueAsString(expected), record.toString());
    }

    /** Text from every range that matters to escaping: controls, quotes, backslashes, non-ASCII, emoji, lone surrogates. */
    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append("\"\\/'".charAt(random.nextInt(4)));
                case 2 -> text.append((char) (0x20 + random.nextInt(0x60)));
                case 3 -> text.append((char) (0x7F + random.nextInt(0x800)));
                case 4 -> text.appendCodePoint(0x1F600 + random.nextInt(80));
                default -> text.append((char) (0xD800 + random.nextInt(0x800)));
            }
        }
        return text.toString();
    }
}

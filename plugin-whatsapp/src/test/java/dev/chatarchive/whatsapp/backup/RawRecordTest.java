package dev.chatarchive.whatsapp.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming record writer gives, byte for byte, the text Jackson's tree of the same fields gives
 * (which is how the records were written before, so the stored {@code raw_proto} does not change), and
 * one writer can be reused record after record.
 */
class RawRecordTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TEXTS = {"", "IMG-20240301-WA0001.jpg", "Media/WhatsApp Images/x.jpg", "image/jpeg",
        "quote \" backslash \\ slash /", "tab\tnew\nline\r\u0001\u001f\u007f", "Grüße 東京 привет", "😀👍🏽",
        "\u2028\u2029", "lone \uD83D surrogate \uDE00", "<script>&amp;</script>", "3EB0C767F26EE1F1E4A1"};

    @Test
    void recordsAreJacksonsTreeTextByteForByte_recordAfterRecordOnOneWriter() {
        Random random = new Random(15);
        RawRecord writer = new RawRecord();
        for (int i = 0; i < 5_000; i++) {
            long row = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(2_000_000);
            ObjectNode tree = JSON.createObjectNode();
            tree.put("source", "whatsapp-android-backup");
            tree.put("row", row);
            RawRecord raw = writer.start("whatsapp-android-backup", row);
            long type = random.nextInt(100) - 1;
            tree.put("type", type);
            raw.put("type", type);
            if (random.nextBoolean()) {
                long action = random.nextInt(90);
                tree.put("action", action);
                raw.put("action", (Long) action);
            }
            if (random.nextInt(4) == 0) {
                ObjectNode media = tree.putObject("media");
                raw.startObject("media");
                String path = text(random);
                if (path != null) {
                    media.put("path", path);
                    raw.putEvenIfEmpty("path", path);
                }
                String mime = text(random);
                if (mime != null && !mime.isEmpty()) {
                    media.put("mime", mime);
                }
                raw.put("mime", mime);
                if (random.nextBoolean()) {
                    long size = random.nextInt(Integer.MAX_VALUE) * 7L;
                    media.put("size", size);
                    raw.put("size", size);
                }
                raw.endObject();
            }
            String quoted = text(random);
            if (quoted != null && !quoted.isEmpty()) {
                tree.put("quoted", quoted);
            }
            raw.put("quoted", quoted);
            if (random.nextInt(3) == 0) {
                double lat = random.nextInt(5) == 0 ? random.nextInt(90) : (random.nextDouble() - 0.5) * 180;
                double lon = random.nextInt(5) == 0 ? -0.0 : random.nextDouble() * 1e-7;
                tree.put("lat", lat);
                tree.put("lon", lon);
                raw.put("lat", lat).put("lon", lon);
            }
            raw.put("lat", (Double) null);
            boolean forwarded = random.nextBoolean();
            if (forwarded) {
                tree.put("forwarded", true);
            }
            raw.flag("forwarded", forwarded);
            int reactions = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
            if (reactions > 0) {
                raw.startArray("reactions");
                for (int r = 0; r < reactions; r++) {
                    ObjectNode reaction = tree.withArray("reactions").addObject();
                    String from = text(random);
                    if (from != null && !from.isEmpty()) {
                        reaction.put("from", from);
                    }
                    reaction.put("emoji", TEXTS[7]);
                    raw.startObject().put("from", from).putEvenIfEmpty("emoji", TEXTS[7]).endObject();
                }
                raw.endArray();
            }
            assertEquals(tree.toString(), raw.end(), "record " + i);
        }
    }

    @Test
    void anyText_andAnyNumber_areWrittenAsJacksonsTreeWritesThem() {
        Random random = new Random(16);
        RawRecord writer = new RawRecord();
        double[] doubles = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE,
            Double.MAX_VALUE, -0.0, 0.0, 1e-7, 1e21, 123456789.0, 52.370216};
        long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder chars = new StringBuilder();
            for (int c = 0, n = random.nextInt(12); c < n; c++) {
                // every character below 0x80, and some from anywhere (surrogates, lone or not, included)
                chars.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            String value = chars.toString();
            double number = random.nextInt(3) == 0 ? doubles[random.nextInt(doubles.length)]
                    : Double.longBitsToDouble(random.nextLong());
            long row = random.nextBoolean() ? longs[random.nextInt(longs.length)] : random.nextLong();
            ObjectNode tree = JSON.createObjectNode();
            tree.put("source", value);
            tree.put("row", row);
            tree.put(value, value);
            tree.put("lat", number);
            ObjectNode media = tree.putObject("media");
            media.put("name", value);
            tree.withArray("reactions").addObject().put("emoji", value);

            String raw = writer.start(value, row).putEvenIfEmpty(value, value).put("lat", number).startObject("media")
                    .putEvenIfEmpty("name", value).endObject().startArray("reactions").startObject()
                    .putEvenIfEmpty("emoji", value).endObject().endArray().end();

            assertEquals(tree.toString(), raw, "record " + i);
        }
    }

    @Test
    void aRecordLeftUnfinishedIsDropped_theNextOneIsWholeAndAlone() {
        RawRecord writer = new RawRecord();
        writer.start("whatsapp-ios-backup", 1).put("type", 0L).startObject("media").put("path", "half");
        assertEquals("{\"source\":\"whatsapp-ios-backup\",\"row\":2,\"type\":7}",
                writer.start("whatsapp-ios-backup", 2).put("type", 7L).end());
        assertEquals("{\"source\":\"whatsapp-ios-backup\",\"row\":3,\"media\":{}}",
                writer.start("whatsapp-ios-backup", 3).startObject("media").put("path", "").endObject().end());
    }

    private static String text(Random random) {
        int pick = random.nextInt(TEXTS.length + 1);
        return pick == TEXTS.length ? null : TEXTS[pick];
    }
}

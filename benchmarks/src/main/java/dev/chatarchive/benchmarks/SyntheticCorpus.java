package dev.chatarchive.benchmarks;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic, realistic-looking history for benchmarks: many chats of skewed sizes (a few
 * huge, most small, as in a real phone), text in several scripts with emoji, some multi-line
 * messages, and two marker words for search: {@link #COMMON_WORD} in about one message in twenty and
 * {@link #RARE_WORD} in about one in two hundred thousand. The same seed always gives the same
 * history.
 */
public final class SyntheticCorpus {

    public static final String COMMON_WORD = "tomorrow";
    public static final String RARE_WORD = "zanzibar";

    private static final String[] WORDS = {
        "hello", "yes", "no", "ok", "see", "you", "later", "dinner", "tonight", "where", "are", "we", "meeting",
        "hola", "qué", "tal", "mañana", "gracias", "bonjour", "ça", "va", "très", "bien", "danke", "schön",
        "привет", "как", "дела", "хорошо", "спасибо", "γεια", "σου", "今日", "ありがとう", "你好", "朋友",
        "😀", "👍", "🎉", "❤️", "photo", "call", "me", "when", "home", "train", "late", "again", "lol", "maybe"
    };

    private final long seed;
    private final long totalMessages;
    private final int chatCount;
    private final long[] chatSizes;

    public SyntheticCorpus(long totalMessages, long seed) {
        if (totalMessages < 1) {
            throw new IllegalArgumentException("totalMessages must be >= 1, was " + totalMessages);
        }
        this.seed = seed;
        this.totalMessages = totalMessages;
        this.chatCount = (int) Math.max(10, Math.min(2_000, totalMessages / 5_000));
        this.chatSizes = skewedSizes(totalMessages, chatCount);
    }

    /** Chat sizes proportional to 1/(rank+1): the first chat is the largest. */
    private static long[] skewedSizes(long total, int chats) {
        double[] weights = new double[chats];
        double sum = 0;
        for (int i = 0; i < chats; i++) {
            weights[i] = 1.0 / (i + 1);
            sum += weights[i];
        }
        long[] sizes = new long[chats];
        long assigned = 0;
        for (int i = 0; i < chats; i++) {
            sizes[i] = Math.max(1, (long) Math.floor(total * weights[i] / sum));
            assigned += sizes[i];
        }
        sizes[0] += total - assigned;
        return sizes;
    }

    public int chatCount() {
        return chatCount;
    }

    public long totalMessages() {
        return totalMessages;
    }

    public long chatSize(int chat) {
        return chatSizes[chat];
    }

    public static String chatId(int chat) {
        return chat % 5 == 0 ? "1203630" + String.format("%011d", chat) + "@g.us"
                : "316" + String.format("%08d", chat) + "@s.whatsapp.net";
    }

    public static String title(int chat) {
        return chat % 5 == 0 ? "Group " + chat : "Contact " + chat;
    }

    /** Every message of one chat, oldest first, to {@code sink}. */
    public void forEachMessage(int chat, Consumer<HistoricalMessage> sink) {
        messages(chat).forEachRemaining(sink);
    }

    /**
     * Every message of one chat, oldest first, made as they are read (a 10-million-message corpus is
     * never held), so that several chats can be read side by side in time order.
     */
    public Iterator<HistoricalMessage> messages(int chat) {
        SplittableRandom random = new SplittableRandom(seed * 31 + chat);
        String chatId = chatId(chat);
        long size = chatSizes[chat];
        // Spread each chat over the last six years, ending a few days before "now" of 2026.
        long end = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli() - chat * 3_600_000L;
        long span = 6L * 365 * 24 * 3_600_000L;
        long step = Math.max(2, span / size);
        long start = end - span;
        StringBuilder text = new StringBuilder(160);
        return new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < size;
            }

            @Override
            public HistoricalMessage next() {
                if (i >= size) {
                    throw new NoSuchElementException();
                }
                // Evenly spread with jitter inside each slot: strictly increasing, never past the end.
                long time = start + i * step + random.nextLong(step - 1);
                boolean fromMe = random.nextInt(3) == 0;
                String sender = fromMe ? "me" : chat % 5 == 0 ? "316" + String.format("%08d", 90_000 + random.nextInt(8))
                        + "@s.whatsapp.net" : chatId;
                HistoricalMessage message = new HistoricalMessage("M" + chat + "x" + i, chatId, sender,
                        fromMe ? null : "Person " + sender.hashCode() % 100, text(random, text),
                        Instant.ofEpochMilli(time), fromMe, MessageType.TEXT, false, null);
                i++;
                return message;
            }
        };
    }

    private static String text(SplittableRandom random, StringBuilder text) {
        text.setLength(0);
        int words = 2 + random.nextInt(14);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(random.nextInt(40) == 0 ? '\n' : ' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        if (random.nextInt(20) == 0) {
            text.append(' ').append(COMMON_WORD);
        }
        if (random.nextInt(200_000) == 0) {
            text.append(' ').append(RARE_WORD);
        }
        return text.toString();
    }

    /** All chats' ids, largest first. */
    public List<String> chatIds() {
        List<String> ids = new ArrayList<>(chatCount);
        for (int i = 0; i < chatCount; i++) {
            ids.add(chatId(i));
        }
        return ids;
    }
}

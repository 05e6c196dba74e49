package dev.chatarchive.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * A generated Android group-chat export of any length, multilingual like real chats: authors and text
 * in Latin (with accents), Cyrillic, Greek, Chinese, Japanese and Korean scripts, emoji (with joiners
 * and skin tones), multi-line messages, {@code <Media omitted>} and attached-file messages with
 * captions, deleted and edited messages, and system lines (the encryption notice, members added,
 * leaving, subject changes). About 85 bytes a message, like the independently generated export of
 * issue #12. Deterministic for a seed. The file is what the peers table's parsers (ours and
 * whatsapp-chat-parser) read, and what the end-to-end import benchmark imports.
 *
 * <p>Written once by {@link #write}; messages are 1 to 90 seconds apart from 13 January 2019, so a
 * million messages end in 2020 (never in the future) and the first day (13) settles the date order.
 */
public final class MultilingualExport {

    private static final String[] AUTHORS = {"Анна Петрова", "王芳", "Lucía Gómez", "Søren Ødegaard", "田中 さくら",
        "Дмитрий", "+49 151 23456789", "Zoë 🎸", "김민준", "Γιώργος", "Sam Carter", "Chloé"};

    private static final String[][] WORDS = {
        {"hola", "mañana", "quizás", "también", "por", "favor", "gracias", "café", "niño", "está", "aquí", "año"},
        {"привет", "завтра", "спасибо", "конечно", "хорошо", "встретимся", "вечером", "где", "ты", "сейчас", "да"},
        {"今天", "明天", "我们", "一起", "吃饭", "好的", "没问题", "谢谢", "下午", "见面", "可以", "哈哈"},
        {"こんにちは", "ありがとう", "明日", "駅で", "待ってる", "了解", "すごい", "ね", "また", "今から", "たぶん"},
        {"καλημέρα", "αύριο", "ευχαριστώ", "ναι", "όχι", "εντάξει", "θάλασσα", "φίλε", "πού", "είσαι"},
        {"안녕", "내일", "고마워", "좋아", "어디야", "지금", "가자", "괜찮아", "ㅋㅋ", "진짜"},
        {"tomorrow", "meeting", "über", "naïve", "déjà", "vu", "see", "you", "at", "the", "station", "ok", "Straße"},
    };

    private static final String[] EMOJI = {"😂", "❤️", "👍🏽", "🎉", "🙏", "👨‍👩‍👧‍👦", "🔥", "😅", "🇯🇵", "☕", "🤔", "🏳️‍🌈"};

    private final SplittableRandom random;

    private MultilingualExport(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Writes an export of exactly {@code messages} messages to {@code file} and returns the file. */
    public static Path write(Path file, long messages, long seed) throws IOException {
        return write(file, messages, seed, written -> { });
    }

    /** The same, telling {@code written} how many messages are written, every 10,000 and at the end. */
    public static Path write(Path file, long messages, long seed, java.util.function.LongConsumer written) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
            new MultilingualExport(seed).writeTo(out, messages, written);
        }
        written.accept(messages);
        return file;
    }

    private void writeTo(Writer out, long messages, java.util.function.LongConsumer written) throws IOException {
        LocalDateTime time = LocalDateTime.of(2019, 1, 13, 8, 0);
        StringBuilder line = new StringBuilder(256);
        for (long n = 0; n < messages; n++) {
            if (n % 10_000 == 0) {
                written.accept(n);
            }
            line.setLength(0);
            header(line, time);
            body(line, n);
            line.append('\n');
            out.write(line.toString());
            time = time.plusSeconds(1 + random.nextInt(90));
        }
    }

    private static void header(StringBuilder line, LocalDateTime time) {
        two(line, time.getDayOfMonth()).append('/');
        two(line, time.getMonthValue()).append('/').append(time.getYear()).append(", ");
        two(line, time.getHour()).append(':');
        two(line, time.getMinute()).append(" - ");
    }

    private static StringBuilder two(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private void body(StringBuilder line, long n) {
        if (n == 0) {
            line.append("Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp,"
                    + " can read or listen to them. Tap to learn more.");
            return;
        }
        String author = AUTHORS[random.nextInt(AUTHORS.length)];
        int kind = random.nextInt(1000);
        if (kind < 8) {
            // system lines: no author
            switch (kind % 4) {
                case 0 -> line.append(author).append(" added ").append(AUTHORS[random.nextInt(AUTHORS.length)]);
                case 1 -> line.append(author).append(" left");
                case 2 -> {
                    line.append(author).append(" changed the subject from \"");
                    words(line, 2);
                    line.append("\" to \"");
                    words(line, 2);
                    line.append('"');
                }
                default -> line.append(author).append(" changed this group's icon");
            }
            return;
        }
        line.append(author).append(": ");
        if (kind < 58) {
            line.append("<Media omitted>");
        } else if (kind < 73) {
            line.append(random.nextBoolean() ? "IMG-" : "VID-").append(20190113 + random.nextInt(300)).append("-WA")
                    .append(String.format("%04d", random.nextInt(10_000))).append(random.nextBoolean() ? ".jpg" : ".mp4")
                    .append(" (file attached)");
            if (random.nextBoolean()) {
                line.append('\n');
                words(line, 1 + random.nextInt(6));
            }
        } else if (kind < 78) {
            line.append("This message was deleted");
        } else if (kind < 83) {
            words(line, 2 + random.nextInt(8));
            line.append(" <This message was edited>");
        } else if (kind < 133) {
            int lines = 2 + random.nextInt(3);
            for (int i = 0; i < lines; i++) {
                if (i > 0) {
                    line.append('\n');
                }
                words(line, 1 + random.nextInt(7));
            }
        } else {
            words(line, 1 + random.nextInt(9));
        }
    }

    private void words(StringBuilder line, int count) {
        String[] language = WORDS[random.nextInt(WORDS.length)];
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                line.append(' ');
            }
            if (random.nextInt(8) == 0) {
                line.append(EMOJI[random.nextInt(EMOJI.length)]);
            } else {
                line.append(language[random.nextInt(language.length)]);
            }
        }
    }

    /** {@code MultilingualExport MESSAGES FILE [SEED]}: writes a file by hand, for measurements outside the suite. */
    public static void main(String[] args) throws IOException {
        Path file = write(Path.of(args[1]), Benchmarks.parseSize(args[0]), args.length > 2 ? Long.parseLong(args[2]) : 12);
        System.out.println(file + " " + Files.size(file) + " bytes");
    }
}

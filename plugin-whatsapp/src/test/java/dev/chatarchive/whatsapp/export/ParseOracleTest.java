package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The oracle for any rewrite of the parse path: every export the repository holds (the samples, our
 * own corpus of 50 exports), generated multilingual exports in several layouts and date orders, the
 * same with seeded damage (invalid bytes, lost line breaks, invisible marks, CRLF, a BOM, UTF-16), and
 * ambiguous files parsed with each date order forced, are parsed, and every field of every
 * {@link ParsedMessage} (id, index, line, time, seconds, author, type, content, edited mark,
 * attachment, system flag, raw lines) plus the whole {@link ExportSummary} (date order, authors, line
 * reports, notes) or the refusal's sentence is hashed per input. The hashes are pinned in
 * {@code pinned/oracle-digests.tsv}, taken from the parser as it was before the rewrite; a changed
 * hash means a changed parse (a changed id means duplicates in archives that import again).
 *
 * <p>To re-pin after a deliberate change: {@code -Dchatarchive.repin=true} (rewrites and fails), then
 * review the diff; {@link ParseResultsPinnedTest} shows which fields changed in readable form.
 */
class ParseOracleTest {

    private static final String PINNED = "pinned/oracle-digests.tsv";

    @Test
    void everyExportTheRepositoryHoldsAndEveryGeneratedOne_parsesExactlyAsPinned() throws Exception {
        Map<String, String> actual = new LinkedHashMap<>();
        for (Path file : files(Samples.folder())) {
            actual.put("samples/" + file.getFileName(), digestOfFile(file, null));
        }
        Path corpus = Path.of("src/test/resources/export-corpus");
        for (Path file : files(corpus)) {
            if (file.toString().endsWith(".txt")) {
                actual.put("export-corpus/" + file.getFileName(), digestOfFile(file, null));
            }
        }
        actual.put("synthetic-3000", digest(SyntheticExport.source(3_000), null));
        for (Style style : Style.values()) {
            for (long seed = 1; seed <= 2; seed++) {
                byte[] clean = Generated.export(style, seed, 1_200);
                String name = "generated-" + style.name().toLowerCase(java.util.Locale.ROOT) + "-" + seed;
                actual.put(name, digest(bytes(clean), null));
                for (int damage = 0; damage < 4; damage++) {
                    actual.put(name + "-damaged-" + damage,
                            digest(bytes(Generated.damage(clean, seed * 31 + damage, damage)), null));
                }
            }
        }
        byte[] ambiguous = Generated.export(Style.ANDROID_AMBIGUOUS, 7, 400);
        for (DateOrder order : DateOrder.values()) {
            actual.put("ambiguous-forced-" + order, digest(bytes(ambiguous), order));
        }
        byte[] clean = Generated.export(Style.IOS_SECONDS, 5, 600);
        String text = new String(clean, StandardCharsets.UTF_8);
        actual.put("utf16le-bom", digestOfBytes(concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                text.getBytes(StandardCharsets.UTF_16LE))));
        actual.put("utf16be-bom", digestOfBytes(concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                text.getBytes(StandardCharsets.UTF_16BE))));
        actual.put("utf8-bom-crlf", digest(bytes(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))), null));
        assertPinned(actual);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String digestOfFile(Path file, DateOrder order) throws Exception {
        try (ExportFile export = ExportFile.open(file)) {
            return digest(export.transcript(), order);
        } catch (dev.chatarchive.api.PermanentProviderException refused) {
            return "refused\t" + sha256(refused.getClass().getName() + ": " + refused.getMessage());
        }
    }

    /** Through {@link ExportFile}, which tells the encoding from the bytes as an import does. */
    private static String digestOfBytes(byte[] content) throws Exception {
        Path file = Files.createTempFile("oracle", ".txt");
        try {
            Files.write(file, content);
            return digestOfFile(file, null);
        } finally {
            Files.delete(file);
        }
    }

    /** "messages TAB sha-256" over every message's fields and the summary, or "refused TAB sha-256" of the sentence. */
    private static String digest(TranscriptSource source, DateOrder order) throws Exception {
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        long[] count = {0};
        try {
            ExportSummary summary = new ExportFileParser(order).parse(source, message -> {
                count[0]++;
                all.update((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            });
            all.update(summary.toString().getBytes(StandardCharsets.UTF_8));
            return count[0] + "\t" + HexFormat.of().formatHex(all.digest());
        } catch (dev.chatarchive.api.PermanentProviderException refused) {
            return "refused\t" + sha256(refused.getClass().getName() + ": " + refused.getMessage());
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static TranscriptSource bytes(byte[] content) {
        return ParsedTranscript.source(content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertPinned(Map<String, String> actual) throws IOException {
        StringBuilder rendered = new StringBuilder("# input\tmessages (or refused)\tsha-256 of every parsed field and the summary\n");
        actual.forEach((name, digest) -> rendered.append(name).append('\t').append(digest).append('\n'));
        if (Boolean.getBoolean("chatarchive.repin")) {
            Path target = Path.of("src/test/resources/dev/chatarchive/whatsapp/export", PINNED);
            Files.writeString(target, rendered.toString(), StandardCharsets.UTF_8);
            throw new AssertionError("Re-pinned " + target + ": review the diff in git, then run without -Dchatarchive.repin");
        }
        String expected;
        try (InputStream in = ParseOracleTest.class.getResourceAsStream(PINNED)) {
            if (in == null) {
                throw new AssertionError("No " + PINNED + " beside this test; run it with -Dchatarchive.repin=true");
            }
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(rendered.toString())) {
            List<String> want = expected.lines().toList();
            List<String> got = rendered.toString().lines().toList();
            List<String> differences = new ArrayList<>();
            for (String line : got) {
                if (!want.contains(line)) {
                    differences.add("now:    " + line);
                }
            }
            for (String line : want) {
                if (!got.contains(line)) {
                    differences.add("pinned: " + line);
                }
            }
            fail("The parse of " + differences.size() / 2 + " input(s) differs from " + PINNED + ":\n"
                    + String.join("\n", differences));
        }
    }

    /** Header layouts the generator writes. */
    enum Style {
        /** 13/01/2019, 08:00 - Author: text */
        ANDROID_DAY_FIRST,
        /** 1/13/19, 8:00 AM - Author: text */
        ANDROID_MONTH_FIRST_12H,
        /** [13.01.19, 08:00:15] Author: text, iOS marks before attachments */
        IOS_SECONDS,
        /** [1/13/19, 8:00:15 AM] with a narrow no-break space before the meridiem */
        IOS_12H_NNBSP,
        /** 2019-01-13 08:00 - year first */
        ANDROID_YEAR_FIRST,
        /** days never above 12: the date order is a guess (a tie-break) */
        ANDROID_AMBIGUOUS
    }

    /** Seeded multilingual exports (our own words and names), and seeded damage to them. */
    static final class Generated {

        private static final String[] AUTHORS = {"Анна Петрова", "王芳", "Lucía Gómez", "Søren Ødegaard",
            "田中 さくら", "+49 151 23456789", "Zoë 🎸", "김민준", "Γιώργος", "Sam Carter", "~\u00A0Chloé", "\u202A+1 415 555 0134\u202C"};

        private static final String[] WORDS = {"hola", "mañana", "привет", "завтра", "今天", "明天", "こんにちは",
            "駅で", "καλημέρα", "안녕", "tomorrow", "über", "déjà", "Straße", "😂", "👍🏽", "👨\u200D👩\u200D👧", "🇯🇵",
            "ok", "at", "the", "null", "http://example.org/x", "a\u200Bb", "-", ":", "12/01/2019,"};

        private Generated() {
        }

        static byte[] export(Style style, long seed, int messages) {
            SplittableRandom random = new SplittableRandom(seed);
            java.time.LocalDateTime time = style == Style.ANDROID_AMBIGUOUS
                    ? java.time.LocalDateTime.of(2020, 3, 1, 7, 0)
                    : java.time.LocalDateTime.of(2019, 1, 13, 8, 0);
            StringBuilder out = new StringBuilder(messages * 90);
            for (int n = 0; n < messages; n++) {
                header(out, style, time, random);
                body(out, style, n, random);
                out.append('\n');
                time = time.plusSeconds(style == Style.ANDROID_AMBIGUOUS ? 1 + random.nextInt(400)
                        : 1 + random.nextInt(900));
                if (style == Style.ANDROID_AMBIGUOUS && time.getDayOfMonth() > 12) {
                    time = time.plusMonths(1).withDayOfMonth(1);
                }
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static void header(StringBuilder out, Style style, java.time.LocalDateTime t, SplittableRandom random) {
            int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
            String meridiem = t.getHour() < 12 ? "AM" : "PM";
            switch (style) {
                case ANDROID_DAY_FIRST -> out.append(String.format("%02d/%02d/%d, %02d:%02d - ", t.getDayOfMonth(),
                        t.getMonthValue(), t.getYear(), t.getHour(), t.getMinute()));
                case ANDROID_MONTH_FIRST_12H -> out.append(String.format("%d/%d/%02d, %d:%02d %s - ", t.getMonthValue(),
                        t.getDayOfMonth(), t.getYear() % 100, hour12, t.getMinute(), meridiem));
                case IOS_SECONDS -> out.append(random.nextInt(40) == 0 ? "\u200E" : "").append(String.format(
                        "[%02d.%02d.%02d, %02d:%02d:%02d] ", t.getDayOfMonth(), t.getMonthValue(), t.getYear() % 100,
                        t.getHour(), t.getMinute(), t.getSecond()));
                case IOS_12H_NNBSP -> out.append(String.format("[%d/%d/%02d, %d:%02d:%02d\u202F%s] ", t.getMonthValue(),
                        t.getDayOfMonth(), t.getYear() % 100, hour12, t.getMinute(), t.getSecond(), meridiem));
                case ANDROID_YEAR_FIRST -> out.append(String.format("%d-%02d-%02d %02d:%02d - ", t.getYear(),
                        t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute()));
                case ANDROID_AMBIGUOUS -> out.append(String.format("%02d/%02d/%d, %02d:%02d - ", t.getDayOfMonth(),
                        t.getMonthValue(), t.getYear(), t.getHour(), t.getMinute()));
            }
        }

        private static void body(StringBuilder out, Style style, int n, SplittableRandom random) {
            boolean ios = style == Style.IOS_SECONDS || style == Style.IOS_12H_NNBSP;
            String author = AUTHORS[random.nextInt(AUTHORS.length)];
            int kind = random.nextInt(1000);
            if (n == 0) {
                out.append(ios ? "Group: " : "").append("Messages and calls are end-to-end encrypted. Tap to learn more.");
                return;
            }
            if (kind < 30) {
                out.append(ios ? "Group: \u200E" : "").append(author).append(switch (kind % 5) {
                    case 0 -> " added " + AUTHORS[random.nextInt(AUTHORS.length)];
                    case 1 -> " left";
                    case 2 -> " changed the subject from \"a\" to \"b\"";
                    case 3 -> " changed this group's icon";
                    default -> " created group \"Trip\"";
                });
                return;
            }
            out.append(author).append(": ");
            if (kind < 80) {
                out.append(ios ? "\u200Eimage omitted" : "<Media omitted>");
            } else if (kind < 110) {
                String file = "IMG-201901" + (10 + random.nextInt(20)) + "-WA" + String.format("%04d", random.nextInt(10_000))
                        + (random.nextBoolean() ? ".jpg" : ".opus");
                out.append(ios ? "\u200E<attached: " + file + ">" : file + " (file attached)");
                if (random.nextBoolean()) {
                    out.append('\n');
                    words(out, random, 1 + random.nextInt(4));
                }
            } else if (kind < 130) {
                out.append(random.nextBoolean() ? "This message was deleted" : "You deleted this message");
            } else if (kind < 150) {
                words(out, random, 2 + random.nextInt(5));
                out.append(ios ? " \u200E<This message was edited>" : " <This message was edited>");
            } else if (kind < 160) {
                out.append(random.nextBoolean() ? "Missed voice call" : "location: https://maps.google.com/?q=52.37,4.89");
            } else if (kind < 170) {
                out.append("POLL:\n");
                words(out, random, 3);
                out.append("\nOPTION: yes (").append(random.nextInt(5)).append(" votes)\nOPTION: no (0 votes)");
            } else if (kind < 240) {
                int lines = 2 + random.nextInt(4);
                for (int i = 0; i < lines; i++) {
                    if (i > 0) {
                        out.append(random.nextInt(10) == 0 ? "\n\n" : "\n");
                    }
                    if (random.nextInt(15) == 0) {
                        out.append("12/01/2019, 07:00 - Not a member: a pasted line");
                    } else {
                        words(out, random, 1 + random.nextInt(7));
                    }
                }
            } else {
                words(out, random, 1 + random.nextInt(10));
            }
        }

        private static void words(StringBuilder out, SplittableRandom random, int count) {
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(WORDS[random.nextInt(WORDS.length)]);
            }
        }

        /**
         * Seeded damage, by kind: 0 invalid UTF-8 bytes and NULs anywhere, 1 line breaks lost or doubled
         * and lone CRs, 2 invisible marks and joiners at line starts and inside headers, 3 lines cut
         * short or swapped (times going backwards, half headers).
         */
        static byte[] damage(byte[] clean, long seed, int kind) {
            SplittableRandom random = new SplittableRandom(seed);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(clean.length + 1024);
            List<byte[]> lines = splitLines(clean);
            byte[] previous = null;
            for (byte[] line : lines) {
                byte[] current = line;
                if (random.nextInt(25) == 0) {
                    current = switch (kind) {
                        case 0 -> insert(current, random.nextInt(current.length + 1), new byte[][] {
                            {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {0}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                            {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}}[random.nextInt(7)]);
                        case 1 -> random.nextBoolean() ? concat(current, new byte[] {'\r'}) : concat(current, new byte[] {'\n'});
                        case 2 -> insert(current, random.nextInt(4) == 0 ? random.nextInt(current.length + 1) : 0,
                                new String[] {"\u200E", "\u200F", "\u202A", "\u202C", "\uFEFF", "\u200D", "\u2068", "\u00A0"}
                                        [random.nextInt(8)].getBytes(StandardCharsets.UTF_8));
                        default -> random.nextBoolean() || previous == null
                                ? java.util.Arrays.copyOf(current, random.nextInt(current.length + 1)) : previous;
                    };
                }
                out.writeBytes(current);
                if (!(kind == 1 && random.nextInt(60) == 0)) {
                    out.write('\n');
                }
                previous = line;
            }
            return out.toByteArray();
        }

        private static List<byte[]> splitLines(byte[] content) {
            List<byte[]> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < content.length; i++) {
                if (content[i] == '\n') {
                    lines.add(java.util.Arrays.copyOfRange(content, start, i));
                    start = i + 1;
                }
            }
            if (start < content.length) {
                lines.add(java.util.Arrays.copyOfRange(content, start, content.length));
            }
            return lines;
        }

        private static byte[] insert(byte[] line, int at, byte[] what) {
            byte[] out = new byte[line.length + what.length];
            System.arraycopy(line, 0, out, 0, at);
            System.arraycopy(what, 0, out, at, what.length);
            System.arraycopy(line, at, out, at + what.length, line.length - at);
            return out;
        }
    }
}

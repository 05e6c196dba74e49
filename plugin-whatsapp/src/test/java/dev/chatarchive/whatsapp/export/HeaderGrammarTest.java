package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every header the parser's first version read, the scanner still reads exactly the same way (the
 * header's numbers go into message ids): that version's regular expression, stated in the scanner's
 * documentation, is the oracle here, run on real header forms and on many thousands of seeded
 * mutations of them. The scanner reads more forms than the expression (Arabic meridiems, a comma
 * without a space, line separators inside the text...); those are tested in {@code HeaderVariantsTest}
 * and {@code LineBreaksAndLayoutsTest}.
 */
class HeaderGrammarTest {

    private static final String SP = "[ \\u00A0\\u202F\\u2009]";
    private static final String DATE = "(?<d1>\\d{1,4})(?<ds>[./-])" + SP + "?(?<d2>\\d{1,2})\\k<ds>" + SP
            + "?(?<d3>\\d{1,4})\\.?";
    private static final String SEPARATOR = "(?<dts>(?:,|\\u060C)?" + SP + "+(?:\\p{L}{1,4}\\.?" + SP + "+)?)";
    private static final String TIME = "(?<h>\\d{1,2})(?<ts>[:.])(?<mi>\\d{2})(?:\\k<ts>(?<s>\\d{2}))?\\.?";
    private static final String MERIDIEM = "(?:" + SP + "*(?<mer>[AaPp])\\.?" + SP + "?[Mm]\\.?)?";
    private static final Pattern ANDROID = Pattern.compile(
            "^" + DATE + SEPARATOR + TIME + MERIDIEM + SP + "*[-\\u2013]" + "(?:" + SP + "(?<rest>.*))?$");
    private static final Pattern IOS = Pattern.compile(
            "^\\[" + SP + "*" + DATE + SEPARATOR + TIME + MERIDIEM + SP + "*\\]" + "(?:" + SP + "?(?<rest>.*))?$");

    private static final List<String> HEADERS = List.of(
            "23/03/2022, 13:31 - Dmitry S: Hello",
            "9/1/26, 9:52\u202FAM - Alice: Hi",
            "1/2/18, 12:24 PM - Mallory: Hey! :)",
            "09/10/26, 9:52\u202Fam - Priya: Namaste",
            "02.01.18, 12:24 - Mallory: Hallo",
            "13. 6. 2018. 10:11 - Ana: Bok",
            "2018-06-13 10:11 - Ana: x",
            "13/06/2018 à 10:11 - Léa: Salut",
            "13.6.2018 klo 10.11 - Aino: Moi",
            "13/06/2018، 10:11 م - x",
            "1/2/18, 9:41 a.\u00A0m. - Ana: Hola",
            "1/2/18, 9:41 a. m. - Ana: Hola",
            "13/01/2019, 08:00 - Messages are end-to-end encrypted.",
            "13/01/2019, 08:00 -",
            "13/01/2019, 08:00 – Ann: en dash",
            "[3/27/22, 9:41:55 PM] Alice: Hi",
            "[27.03.22, 21:41:55] Alice:",
            "[ 27/03/2022, 21.41.55 ]Alice: no space",
            "[2022/03/27 21:41:55] x",
            "[1/2/18 12:24:11\u202Fp.m.] Ann: late",
            "13/01/2019, 08:00 - line with a\u2028separator",
            "[3/27/22, 9:41:55 PM] bad\rreturn");

    private static final String ALPHABET = "0123456789 ./-:,[]\u00A0\u202F\u2009\u2013\u060CaApPmMxké\r\u2028\t\u200E";

    @Test
    void match_realHeaderFormsTheFirstVersionRead_areReadTheSame() {
        for (String line : HEADERS) {
            String expected = oracle(line);
            if (expected != null) {
                assertEquals(expected, scanned(line), line);
            }
        }
        assertTrue(HEADERS.stream().filter(line -> oracle(line) != null).count() >= 18,
                "most of the real forms are headers, so the comparison is not between two nulls");
    }

    @Test
    void match_seededMutationsTheFirstVersionRead_areReadTheSame() {
        Random random = new Random(20261126L);
        int headers = 0;
        for (int round = 0; round < 60_000; round++) {
            StringBuilder line = new StringBuilder(HEADERS.get(random.nextInt(HEADERS.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(Math.min(line.length(), 30) + 1);
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> line.insert(at, c);
                    case 1 -> {
                        if (at < line.length()) {
                            line.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < line.length()) {
                            line.setCharAt(at, c);
                        }
                    }
                }
            }
            String text = line.toString();
            String expected = oracle(text);
            if (expected != null) {
                assertEquals(expected, scanned(text), text);
                headers++;
            }
        }
        assertTrue(headers > 10_000, "enough mutations stay headers to compare what is read: " + headers);
    }

    /** What the scanner reads, as one comparable line of text, or null. */
    private static String scanned(String line) {
        HeaderGrammar.RawHeader header = HeaderGrammar.match(line);
        if (header == null) {
            return null;
        }
        HeaderGrammar.WrittenDate date = header.date();
        HeaderGrammar.Layout layout = header.layout();
        return describe(layout.bracketed(), layout.dateSeparator(), layout.dateTimeSeparator(), layout.yearDigits(),
                digits(date.first(), date.firstDigits()), digits(date.second(), date.secondDigits()),
                digits(date.third(), date.thirdDigits()), header.hour(), header.minute(), header.second24(),
                header.meridiem(), header.rest());
    }

    /** What the regular expression reads, in the same form. */
    private static String oracle(String line) {
        if (line.length() < 10) {
            return null;
        }
        char c = line.charAt(0);
        Matcher m;
        if (c == '[') {
            m = IOS.matcher(line);
        } else if (c >= '0' && c <= '9') {
            m = ANDROID.matcher(line);
        } else {
            return null;
        }
        if (!m.matches()) {
            return null;
        }
        char meridiem = m.group("mer") == null ? 0 : Character.toUpperCase(m.group("mer").charAt(0));
        String separator = m.group("dts").replace('\u00A0', ' ').replace('\u202F', ' ').replace('\u2009', ' ');
        return describe(c == '[', m.group("ds").charAt(0), separator, m.group("d3").length(), m.group("d1"),
                m.group("d2"), m.group("d3"), Integer.parseInt(m.group("h")), Integer.parseInt(m.group("mi")),
                m.group("s") == null ? -1 : Integer.parseInt(m.group("s")), meridiem,
                m.group("rest") == null ? "" : m.group("rest"));
    }

    private static String digits(int value, int count) {
        return String.format("%0" + count + "d", value);
    }

    private static String describe(boolean bracketed, char dateSeparator, String separator, int yearDigits,
                                   String first, String second, String third, int hour, int minute, int second24,
                                   char meridiem, String rest) {
        return bracketed + "|" + dateSeparator + "|" + separator + "|" + yearDigits + "|" + first + "|" + second + "|"
                + third + "|" + hour + "|" + minute + "|" + second24 + "|" + (int) meridiem + "|" + rest;
    }
}

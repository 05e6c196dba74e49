package dev.chatarchive.whatsapp.export;

import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the header that starts a message line, in both families WhatsApp writes:
 * <pre>
 *   Android:  23/03/2022, 13:31 - Author: body        (no seconds; " - " after the time)
 *   iOS:      [3/27/22, 9:41:55 PM] Author: body      (brackets; seconds)
 * </pre>
 * with every variation of one grammar: '/', '.' or '-' between date parts (with an optional space
 * and trailing dot, as in {@code 13. 6. 2018.}); 2- or 4-digit years; a comma, nothing, or a short
 * word ({@code à}, {@code klo}) between date and time; ':' or '.' in times; optional seconds; a
 * meridiem written {@code AM}, {@code am}, {@code a.m.} or {@code a. m.} after any kind of space.
 * Invisible marks must be stripped from the line first ({@link InvisibleMarks}).
 *
 * <p>The grammar only says a line looks like a header. Whether it is one (a valid date in the file's
 * date order, the file's own layout) is decided by {@link ExportFileParser}.
 */
final class HeaderGrammar {

    private static final String SP = "[ \\u00A0\\u202F\\u2009]";
    private static final String DATE = "(?<d1>\\d{1,4})(?<ds>[./-])" + SP + "?(?<d2>\\d{1,2})\\k<ds>" + SP
            + "?(?<d3>\\d{1,4})\\.?";
    private static final String DATE_TIME_SEPARATOR = "(?<dts>(?:,|\\u060C)?" + SP + "+(?:\\p{L}{1,4}\\.?" + SP + "+)?)";
    private static final String TIME = "(?<h>\\d{1,2})(?<ts>[:.])(?<mi>\\d{2})(?:\\k<ts>(?<s>\\d{2}))?\\.?";
    private static final String MERIDIEM = "(?:" + SP + "*(?<mer>[AaPp])\\.?" + SP + "?[Mm]\\.?)?";

    private static final Pattern ANDROID = Pattern.compile(
            "^" + DATE + DATE_TIME_SEPARATOR + TIME + MERIDIEM + SP + "*[-\\u2013]" + "(?:" + SP + "(?<rest>.*))?$");
    private static final Pattern IOS = Pattern.compile(
            "^\\[" + SP + "*" + DATE + DATE_TIME_SEPARATOR + TIME + MERIDIEM + SP + "*\\]" + "(?:" + SP
                    + "?(?<rest>.*))?$");

    private HeaderGrammar() {
    }

    /** The shape of a header, which must be the same on every message line of one export. */
    record Layout(boolean bracketed, char dateSeparator, int yearDigits, String dateTimeSeparator,
                  boolean twelveHour) {
    }

    /** What a header-looking line holds, before the date order is known. */
    record RawHeader(Layout layout, String first, String second, String third,
                     int hour, int minute, int second24, char meridiem, String rest) {

        /** The time of day, or {@code null} when the numbers make none. */
        LocalTime time() {
            int h = hour;
            if (meridiem != 0) {
                if (h > 12) {
                    return null;
                }
                h = h % 12 + (meridiem == 'P' ? 12 : 0);
            } else if (h > 23) {
                return null;
            }
            if (minute > 59 || second24 > 59) {
                return null;
            }
            return LocalTime.of(h, minute, Math.max(second24, 0));
        }

        boolean hasSeconds() {
            return second24 >= 0;
        }
    }

    private static String plainSpaces(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != ' ' && InvisibleMarks.isSpace(text.charAt(i))) {
                StringBuilder out = new StringBuilder(text);
                for (int j = i; j < out.length(); j++) {
                    if (InvisibleMarks.isSpace(out.charAt(j))) {
                        out.setCharAt(j, ' ');
                    }
                }
                return out.toString();
            }
        }
        return text;
    }

    /** The header of {@code line} (marks already stripped), or {@code null} if it does not look like one. */
    static RawHeader match(String line) {
        if (line.length() < 10) {
            return null;
        }
        char c = line.charAt(0);
        Matcher m;
        boolean bracketed;
        if (c == '[') {
            m = IOS.matcher(line);
            bracketed = true;
        } else if (c >= '0' && c <= '9') {
            m = ANDROID.matcher(line);
            bracketed = false;
        } else {
            return null;
        }
        if (!m.matches()) {
            return null;
        }
        char meridiem = m.group("mer") == null ? 0 : Character.toUpperCase(m.group("mer").charAt(0));
        String rest = m.group("rest") == null ? "" : m.group("rest");
        String separator = plainSpaces(m.group("dts"));
        return new RawHeader(new Layout(bracketed, m.group("ds").charAt(0), m.group("d3").length(), separator,
                meridiem != 0),
                m.group("d1"), m.group("d2"), m.group("d3"),
                Integer.parseInt(m.group("h")), Integer.parseInt(m.group("mi")),
                m.group("s") == null ? -1 : Integer.parseInt(m.group("s")), meridiem, rest);
    }
}

package dev.chatarchive.whatsapp.export;

import java.time.LocalTime;

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
 *
 * <p>Why hand-written. The parser runs this on every line, twice (layout pass and message pass), so it
 * is a single left-to-right scan that allocates only for a line that is a header. The grammar is
 * written so that no part of it ever needs to back up: digit runs end at a separator, spaces at a
 * non-space, and each optional piece starts with a character its successor cannot start with; so
 * the first reading that fits is the only one. In regular-expression terms it is exactly:
 * <pre>
 *   SP        = one of U+0020, U+00A0, U+202F, U+2009
 *   DATE      = (\d{1,4})([./-])SP?(\d{1,2})\2SP?(\d{1,4})\.?
 *   SEPARATOR = ((?:,|U+060C)?SP+(?:\p{L}{1,4}\.?SP+)?)
 *   TIME      = (\d{1,2})([:.])(\d{2})(?:\6(\d{2}))?\.?
 *   MERIDIEM  = (?:SP*([AaPp])\.?SP?[Mm]\.?)?
 *   Android:  ^DATE SEPARATOR TIME MERIDIEM SP*(?:-|U+2013)(?:SP(.*))?$
 *   iOS:      ^\[SP*DATE SEPARATOR TIME MERIDIEM SP*\](?:SP?(.*))?$
 * </pre>
 * where {@code .} is any character but a line terminator.
 */
final class HeaderGrammar {

    private HeaderGrammar() {
    }

    /** The shape of a header, which must be the same on every message line of one export. */
    record Layout(boolean bracketed, char dateSeparator, int yearDigits, String dateTimeSeparator,
                  boolean twelveHour) {
    }

    /**
     * The three numbers of a header's date as written, before the date order says which is which, each
     * with its count of digits ("03" is 3 written with two).
     */
    record WrittenDate(int first, int firstDigits, int second, int secondDigits, int third, int thirdDigits) {
    }

    /** What a header-looking line holds, before the date order is known. */
    record RawHeader(Layout layout, WrittenDate date, int hour, int minute, int second24, char meridiem,
                     String line, int restStart) {

        /** What follows the header ("Author: body", or a system text), "" when nothing does. */
        String rest() {
            return restStart < line.length() ? line.substring(restStart) : "";
        }

        /** Whether the numbers make a time of day. */
        boolean hasValidTime() {
            return hour <= (meridiem != 0 ? 12 : 23) && minute <= 59 && second24 <= 59;
        }

        /** The time of day, or {@code null} when the numbers make none. */
        LocalTime time() {
            if (!hasValidTime()) {
                return null;
            }
            int h = meridiem != 0 ? hour % 12 + (meridiem == 'P' ? 12 : 0) : hour;
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
        if (c == '[') {
            return new Scan(line).header(true);
        }
        if (isDigit(c)) {
            return new Scan(line).header(false);
        }
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The spaces the grammar allows in headers (the tab, which {@link InvisibleMarks#isSpace} adds, is not one). */
    private static boolean isHeaderSpace(char c) {
        return c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009';
    }

    /** The characters a regular expression's '.' refuses: a header's rest holds none of them. */
    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** One left-to-right reading of a line; each step returns false where the line stops fitting. */
    private static final class Scan {
        private final String line;
        private final int length;
        private int at;
        private int number;
        private int digits;

        Scan(String line) {
            this.line = line;
            this.length = line.length();
        }

        RawHeader header(boolean bracketed) {
            if (bracketed) {
                at = 1;
                skipSpaces();
            }
            if (!digitRun(1, 4)) {
                return null;
            }
            int first = number;
            int firstDigits = digits;
            char dateSeparator = peek();
            if (dateSeparator != '.' && dateSeparator != '/' && dateSeparator != '-') {
                return null;
            }
            at++;
            optionalSpace();
            if (!digitRun(1, 2)) {
                return null;
            }
            int second = number;
            int secondDigits = digits;
            if (!accept(dateSeparator)) {
                return null;
            }
            optionalSpace();
            if (!digitRun(1, 4)) {
                return null;
            }
            int third = number;
            int thirdDigits = digits;
            accept('.');

            int separatorStart = at;
            if (!dateTimeSeparator()) {
                return null;
            }
            int separatorEnd = at;

            if (!digitRun(1, 2)) {
                return null;
            }
            int hour = number;
            char timeSeparator = peek();
            if (timeSeparator != ':' && timeSeparator != '.') {
                return null;
            }
            at++;
            if (!digitRun(2, 2)) {
                return null;
            }
            int minute = number;
            int second24 = -1;
            if (peek() == timeSeparator && isDigit(peekAt(at + 1)) && isDigit(peekAt(at + 2))) {
                at++;
                if (!digitRun(2, 2)) {
                    return null;
                }
                second24 = number;
            }
            accept('.');

            char meridiem = meridiem();
            skipSpaces();
            int restStart = bracketed ? bracketedTail() : dashTail();
            if (restStart < 0) {
                return null;
            }
            String separator = plainSpaces(line.substring(separatorStart, separatorEnd));
            return new RawHeader(new Layout(bracketed, dateSeparator, thirdDigits, separator, meridiem != 0),
                    new WrittenDate(first, firstDigits, second, secondDigits, third, thirdDigits),
                    hour, minute, second24, meridiem, line, restStart);
        }

        /** {@code (?:,|U+060C)?SP+(?:\p{L}{1,4}\.?SP+)?}, which a digit (the time) must follow. */
        private boolean dateTimeSeparator() {
            if (peek() == ',' || peek() == '\u060C') {
                at++;
            }
            if (skipSpaces() == 0) {
                return false;
            }
            if (at >= length || isDigit(line.charAt(at))) {
                return true;
            }
            // Not a digit, so only a short word can come before the time.
            int letters = 0;
            while (at < length && letters <= 4) {
                int codePoint = line.codePointAt(at);
                if (!Character.isLetter(codePoint)) {
                    break;
                }
                at += Character.charCount(codePoint);
                letters++;
            }
            if (letters == 0 || letters > 4) {
                return false;
            }
            accept('.');
            return skipSpaces() > 0;
        }

        /** The upper-case meridiem letter ('A' or 'P') of {@code SP*[AaPp]\.?SP?[Mm]\.?}, or 0 where none is. */
        private char meridiem() {
            int start = at;
            skipSpaces();
            char letter = peek();
            if (letter == 'A' || letter == 'a' || letter == 'P' || letter == 'p') {
                at++;
                accept('.');
                optionalSpace();
                if (peek() == 'M' || peek() == 'm') {
                    at++;
                    accept('.');
                    return Character.toUpperCase(letter);
                }
            }
            at = start;
            return 0;
        }

        /** After the time: {@code [-U+2013](?:SP(.*))?$}; where the rest starts (the line's end if none), or -1. */
        private int dashTail() {
            char dash = peek();
            if (dash != '-' && dash != '\u2013') {
                return -1;
            }
            at++;
            if (at == length) {
                return length;
            }
            if (!isHeaderSpace(line.charAt(at))) {
                return -1;
            }
            return restFrom(at + 1);
        }

        /** After the time: {@code \](?:SP?(.*))?$}; where the rest starts (the line's end if none), or -1. */
        private int bracketedTail() {
            if (!accept(']')) {
                return -1;
            }
            if (at == length) {
                return length;
            }
            return restFrom(isHeaderSpace(line.charAt(at)) ? at + 1 : at);
        }

        private int restFrom(int start) {
            for (int i = start; i < length; i++) {
                if (isLineTerminator(line.charAt(i))) {
                    return -1;
                }
            }
            return start;
        }

        /** Reads a run of digits into {@code number}; false unless its length is within the bounds. */
        private boolean digitRun(int fewest, int most) {
            int start = at;
            int value = 0;
            while (at < length && isDigit(line.charAt(at))) {
                if (at - start < most) {
                    value = value * 10 + (line.charAt(at) - '0');
                }
                at++;
            }
            digits = at - start;
            number = value;
            return digits >= fewest && digits <= most;
        }

        private int skipSpaces() {
            int start = at;
            while (at < length && isHeaderSpace(line.charAt(at))) {
                at++;
            }
            return at - start;
        }

        private void optionalSpace() {
            if (at < length && isHeaderSpace(line.charAt(at))) {
                at++;
            }
        }

        private boolean accept(char expected) {
            if (at < length && line.charAt(at) == expected) {
                at++;
                return true;
            }
            return false;
        }

        private char peek() {
            return peekAt(at);
        }

        private char peekAt(int index) {
            return index < length ? line.charAt(index) : 0;
        }
    }
}

package dev.chatarchive.whatsapp.export;

import java.time.LocalTime;
import java.util.Objects;

/**
 * Recognises the header that starts a message line, in every shape WhatsApp has written:
 * <pre>
 *   Android:   23/03/2022, 13:31 - Author: body          (" - " after the time; no seconds)
 *   iOS:       [3/27/22, 9:41:55 PM] Author: body        (brackets; seconds)
 *   old iOS:   3/27/22, 9:41:55 PM: Author: body         (":" after the time)
 *   others:    12.07.2017 - 22:35:22; Author: body       (" - " between date and time, ";" after it)
 *              13. 6. 2018. 21:25:15 Author: body        (nothing after the time)
 *   time first (Vietnamese iOS, old Android):  [21:41:35, 3/27/22] A: b    07:36, 10 Oct 2013 - A: b
 *   month names (old Android):  Mar 9, 9:39 PM - A: b    12 Aug 07:44 - A: b    14:55, 12 Aug 2014 - A: b
 * </pre>
 * with every variation found in real exports: '/', '.' or '-' between date parts (with an optional
 * space and a trailing dot), or only a space or a comma; 2- or 4-digit years, Buddhist years ({@code 2565 BE}) and Japanese eras
 * ({@code R4}), both turned into the Gregorian year; Arabic-Indic and Persian digits; a comma (with or
 * without a space), the Arabic comma, a space, or a short word ({@code à}, {@code klo}) between date
 * and time; ':' or '.' in times, optional seconds; a meridiem written {@code AM}, {@code am},
 * {@code a.m.}, {@code a. m.}, {@code م}/{@code ص}, {@code 上午}/{@code 下午} and their Japanese and
 * Korean forms, or a day period ({@code in the morning}, {@code de la tarde}, {@code abends}...), after
 * any kind of space. Invisible marks must be stripped from the line first ({@link InvisibleMarks}).
 *
 * <p>The grammar only says a line looks like a header. Whether it is one (a valid date in the file's
 * date order, a layout of the file's own family) is decided by {@link ExportFileParser}.
 *
 * <p>Why hand-written. The parser runs this on every line, twice, so it is a left-to-right scan that
 * allocates only for a line that is a header, and most lines are turned away by their first
 * character. For the forms the parser's first version read (numeric date first, then the time, then
 * a dash or a bracket) it reads exactly what that version's regular expression read, which
 * {@code HeaderGrammarTest} checks over tens of thousands of mutated headers:
 * <pre>
 *   SP        = one of U+0020, U+00A0, U+202F, U+2009
 *   DATE      = (\d{1,4})([./-])SP?(\d{1,2})\2SP?(\d{1,4})\.?
 *   SEPARATOR = ((?:,|U+060C)?SP+(?:\p{L}{1,4}\.?SP+)?)
 *   TIME      = (\d{1,2})([:.])(\d{2})(?:\6(\d{2}))?\.?
 *   MERIDIEM  = (?:SP*([AaPp])\.?SP?[Mm]\.?)?
 *   Android:  ^DATE SEPARATOR TIME MERIDIEM SP*(?:-|U+2013)(?:SP(.*))?$
 *   iOS:      ^\[SP*DATE SEPARATOR TIME MERIDIEM SP*\](?:SP?(.*))?$
 * </pre>
 * except that the rest may now hold any character: only LF and CRLF end a line of an export, so a
 * U+2028, U+2029, U+0085 or lone CR inside a message is part of its text.
 */
final class HeaderGrammar {

    private HeaderGrammar() {
    }

    /** What follows the time, which is the same on every message line of one export. */
    enum Family {
        /** {@code 23/03/2022, 13:31 - Author: body} */
        DASH,
        /** {@code [3/27/22, 9:41:55 PM] Author: body} */
        BRACKET,
        /** {@code 3/27/22, 9:41:55 PM: Author: body} */
        COLON,
        /** {@code 12.07.2017 - 22:35:22; Author: body} */
        SEMICOLON,
        /** {@code 13. 6. 2018. 21:25:15 Author: body}: nothing but a space; only ever the file's own layout. */
        BARE
    }

    /** The date separator of a layout whose month is a name ({@code Aug}) rather than a number. */
    static final char NAMED_MONTH = 'M';

    /**
     * The shape of a header. One export is written in one layout, or in a few of the same
     * {@link #sameClass class} when it was edited by hand or crossed an app update.
     *
     * @param family            what follows the time
     * @param timeFirst         whether the time comes before the date
     * @param dateSeparator     '/', '.', '-', ' ', ',', or {@link #NAMED_MONTH}
     * @param yearDigits        2 or 4 (Buddhist and era years count as 4), 0 when the year is not written
     * @param dateTimeSeparator what stands between date and time, spaces made plain
     * @param twelveHour        whether the time carries a meridiem or day period
     */
    record Layout(Family family, boolean timeFirst, char dateSeparator, int yearDigits, String dateTimeSeparator,
                  boolean twelveHour) {

        boolean bracketed() {
            return family == Family.BRACKET;
        }

        /**
         * The record's equality, written out: the generated one goes through method handles, which the
         * app's first-tier JIT does not inline, and the message pass compares each header's layout with
         * the file's own.
         */
        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            return other instanceof Layout that && family == that.family && timeFirst == that.timeFirst
                    && dateSeparator == that.dateSeparator && yearDigits == that.yearDigits
                    && twelveHour == that.twelveHour && Objects.equals(dateTimeSeparator, that.dateTimeSeparator);
        }

        @Override
        public int hashCode() {
            int hash = family.hashCode();
            hash = 31 * hash + Boolean.hashCode(timeFirst);
            hash = 31 * hash + dateSeparator;
            hash = 31 * hash + yearDigits;
            hash = 31 * hash + Objects.hashCode(dateTimeSeparator);
            return 31 * hash + Boolean.hashCode(twelveHour);
        }

        /**
         * Whether lines of {@code other} can be messages of a file written in this layout: the same
         * family, field order and date separator; the clock, the year's length and what stands between
         * date and time may differ (12- and 24-hour times mixed, {@code 5/19/20. 6:49 PM} beside
         * {@code 5/19/20, 6:49 PM}). A bare layout has no mark of its own, so it accepts only itself.
         */
        boolean sameClass(Layout other) {
            if (family == Family.BARE || other.family == Family.BARE) {
                return equals(other);
            }
            return family == other.family && timeFirst == other.timeFirst && dateSeparator == other.dateSeparator;
        }

        /**
         * Whether a bare line ({@code 2/23/19, 8:52 PM Romi: ok}) can be a message of a file in this
         * layout whose dash was lost (files retyped or read from screenshots): the file has no brackets,
         * and the line's field order, date separator and what stands between date and time are the
         * file's own. So {@code 04/05/2020 at 3:00 PM to 4:00 PM} in a message of a file that writes
         * {@code 04/05/2020, 15:00 - } stays text.
         */
        boolean acceptsBare(RawHeader header) {
            Layout other = header.layout();
            return other.family == Family.BARE && family != Family.BRACKET && family != Family.BARE
                    && timeFirst == other.timeFirst && dateSeparator == other.dateSeparator
                    && dateTimeSeparator.equals(other.dateTimeSeparator);
        }
    }

    /**
     * The three numbers of a header's date as written, before the date order says which is which, each
     * with its count of digits ("03" is 3 written with two). For a named month, {@code first} is the
     * day, {@code second} the month (1 to 12) and {@code third} the year. {@code thirdDigits} is 0 when
     * no year is written (then the date order reads {@code first} and {@code second} as day and month).
     */
    record WrittenDate(int first, int firstDigits, int second, int secondDigits, int third, int thirdDigits,
                       boolean namedMonth) {

        WrittenDate(int first, int firstDigits, int second, int secondDigits, int third, int thirdDigits) {
            this(first, firstDigits, second, secondDigits, third, thirdDigits, false);
        }

        /** Whether the year is written at all (old Android exports leave it out for the current year). */
        boolean hasYear() {
            return thirdDigits > 0;
        }
    }

    /** Meridiem value of a day period that means afternoon or evening for hours 6 to 11, early morning below. */
    static final char NIGHT = 'N';

    /**
     * What a header-looking line holds, before the date order is known.
     *
     * @param meridiem 0 (24-hour clock), 'A', 'P', or {@link #NIGHT}
     */
    record RawHeader(Layout layout, WrittenDate date, int hour, int minute, int second24, char meridiem,
                     String line, int restStart) {

        /** What follows the header ("Author: body", or a system text), "" when nothing does. */
        String rest() {
            return restStart < line.length() ? line.substring(restStart) : "";
        }

        /**
         * Whether the numbers make a time of day. An hour above 12 beside a meridiem ({@code 23:59 PM},
         * written by hand-edited files) is read as a 24-hour time, and {@code 00:04 AM} as just past midnight.
         */
        boolean hasValidTime() {
            return hour <= 23 && minute <= 59 && second24 <= 59;
        }

        /** The time of day, or {@code null} when the numbers make none. */
        LocalTime time() {
            if (!hasValidTime()) {
                return null;
            }
            int h = hour;
            if (meridiem != 0 && hour <= 12) {
                if (meridiem == NIGHT) {
                    h = hour >= 6 && hour <= 11 ? hour + 12 : hour % 12;
                } else {
                    h = hour % 12 + (meridiem == 'P' ? 12 : 0);
                }
            }
            return LocalTime.of(h, minute, Math.max(second24, 0));
        }

        boolean hasSeconds() {
            return second24 >= 0;
        }
    }

    /** The header of {@code line} (marks already stripped), or {@code null} if it does not look like one. */
    static RawHeader match(String line) {
        if (line.length() < 10) {
            return null;
        }
        char c = line.charAt(0);
        if (c == '[' || digitValue(c) >= 0 || (c >= 'A' && c <= 'S' && monthAt(line, 0) > 0)) {
            return new Scan(line).header();
        }
        return null;
    }

    /** 0 to 9 for an ASCII, Arabic-Indic or Persian digit, else -1. */
    static int digitValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= '\u0660' && c <= '\u0669') {
            return c - '\u0660';
        }
        if (c >= '\u06F0' && c <= '\u06F9') {
            return c - '\u06F0';
        }
        return -1;
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    /** The month (1 to 12) whose English abbreviation starts at {@code at}, followed by no further letter; else 0. */
    private static int monthAt(String line, int at) {
        if (at + 3 > line.length()) {
            return 0;
        }
        if (at + 3 < line.length() && Character.isLetter(line.charAt(at + 3))) {
            return 0;
        }
        for (int m = 0; m < MONTHS.length; m++) {
            if (line.startsWith(MONTHS[m], at)) {
                return m + 1;
            }
        }
        return 0;
    }

    /** The spaces the grammar allows in headers (the tab, which {@link InvisibleMarks#isSpace} adds, is not one). */
    private static boolean isHeaderSpace(char c) {
        return c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009';
    }

    /** Day periods that stand where a meridiem does, lower-case, with the meridiem they mean. */
    private static final String[][] DAY_PERIODS = {
            {"in the morning", "A"}, {"in the afternoon", "P"}, {"in the evening", "P"}, {"at night", "N"},
            {"de la mañana", "A"}, {"de la madrugada", "A"}, {"de la tarde", "P"}, {"de la noche", "N"},
            {"del mediodía", "P"}, {"da manhã", "A"}, {"da madrugada", "A"}, {"da tarde", "P"}, {"da noite", "N"},
            {"du matin", "A"}, {"de l'après-midi", "P"}, {"de l\u2019après-midi", "P"}, {"du soir", "P"},
            {"di mattina", "A"}, {"del pomeriggio", "P"}, {"di sera", "P"}, {"di notte", "N"},
            {"morgens", "A"}, {"vormittags", "A"}, {"mittags", "P"}, {"nachmittags", "P"}, {"abends", "P"},
            {"nachts", "N"}};

    /** Meridiem words of Chinese, Japanese and Korean, written before or after the time. */
    private static final String[][] EAST_ASIAN_MERIDIEMS = {
            {"上午", "A"}, {"下午", "P"}, {"午前", "A"}, {"午後", "P"}, {"오전", "A"}, {"오후", "P"}};

    /**
     * The layout of the last header read (immutable, shared by every parse: a race only makes one more
     * layout); see {@link Scan#layout}.
     */
    private static volatile Layout lastLayout;

    /** One left-to-right reading of a line; each step returns false where the line stops fitting. */
    private static final class Scan {
        private static final int HEAD = 40;
        private final String line;
        private final int length;
        private int at;
        private int number;
        private int digits;

        // What has been read so far.
        private boolean bracketed;
        private boolean timeFirst;
        private char dateSeparator;
        private int d1;
        private int d1Digits;
        private int d2;
        private int d2Digits;
        private int d3;
        private int d3Digits;
        private boolean namedMonth;
        private int separatorStart;
        private int separatorEnd;
        private boolean dashBetween;
        private int hour;
        private int minute;
        private int second24;
        private char meridiem;
        private int afterTime;

        /**
         * The line's first {@link #HEAD} characters, copied once: a header lies within them, and
         * under the app's C1-only compiler every {@code String.charAt} is a call with its own checks.
         */
        private final char[] head;

        Scan(String line) {
            this.line = line;
            this.length = line.length();
            this.head = new char[Math.min(length, HEAD)];
            line.getChars(0, head.length, head, 0);
        }

        /** The character at {@code index} ({@code index < length}). */
        private char charAt(int index) {
            return index < head.length ? head[index] : line.charAt(index);
        }

        RawHeader header() {
            int start = 0;
            if (charAt(0) == '[') {
                bracketed = true;
                at = 1;
                skipSpaces();
                start = at;
            }
            if (dateThenTime()) {
                return tailOrWithoutMeridiem();
            }
            at = start;
            timeFirst = true;
            namedMonth = false;
            dashBetween = false;
            if (timeThenDate()) {
                return tail();
            }
            return null;
        }

        /**
         * The tail after the time; when none fits after a meridiem, the tail right after the time: in a
         * bare layout "21:25 Amanda: hi" names Amanda, it does not say "AM".
         */
        private RawHeader tailOrWithoutMeridiem() {
            RawHeader header = tail();
            if (header == null && meridiem != 0) {
                at = afterTime;
                meridiem = 0;
                header = tail();
            }
            return header;
        }

        /** DATE SEPARATOR TIME, the date numeric or with a named month. */
        private boolean dateThenTime() {
            int start = at;
            if (numericDate() && dateTimeSeparator() && time()) {
                return true;
            }
            at = start;
            return namedMonthDate() && dateTimeSeparator() && time();
        }

        /** TIME, a comma or space, DATE: Vietnamese iOS and very old Android. */
        private boolean timeThenDate() {
            if (!time()) {
                return false;
            }
            accept(',');
            if (skipSpaces() == 0) {
                return false;
            }
            separatorStart = at;
            separatorEnd = at;
            int start = at;
            if (numericDate()) {
                return true;
            }
            at = start;
            if (namedMonthDate()) {
                return true;
            }
            at = start;
            return dayAndMonth();
        }

        /**
         * Two numbers without a year ({@code 10:35 PM, 07 20 - }), after a time only: before a time,
         * such a date is a line copied from WhatsApp Web ({@code [2/7, 10:31 AM] }), never an export's.
         */
        private boolean dayAndMonth() {
            if (!digitRun(1, 2)) {
                return false;
            }
            d1 = number;
            d1Digits = digits;
            dateSeparator = peek();
            if (dateSeparator != ' ' && dateSeparator != '/' && dateSeparator != '.' && dateSeparator != '-') {
                return false;
            }
            at++;
            if (!digitRun(1, 2)) {
                return false;
            }
            d2 = number;
            d2Digits = digits;
            d3 = 0;
            d3Digits = 0;
            return !(peek() == dateSeparator && digitValue(peekAt(at + 1)) >= 0);
        }

        /** {@code (\d{1,4})([./-])SP?(\d{1,2})\2SP?YEAR\.?} */
        private boolean numericDate() {
            if (!digitRun(1, 4)) {
                return false;
            }
            d1 = number;
            d1Digits = digits;
            dateSeparator = peek();
            if (dateSeparator == ' ') {
                // "20 09 17, 16:54": spaces between the numbers, and no other space.
                at++;
                if (!digitRun(1, 2)) {
                    return false;
                }
                d2 = number;
                d2Digits = digits;
                if (!accept(' ') || !year()) {
                    return false;
                }
                return true;
            }
            if (dateSeparator == ',') {
                // "07,12,2017, 22:35": commas between the numbers, then the usual comma before the time.
                at++;
                if (!digitRun(1, 2)) {
                    return false;
                }
                d2 = number;
                d2Digits = digits;
                return accept(',') && year();
            }
            if (dateSeparator != '.' && dateSeparator != '/' && dateSeparator != '-') {
                return false;
            }
            at++;
            optionalSpace();
            if (!digitRun(1, 2)) {
                return false;
            }
            d2 = number;
            d2Digits = digits;
            if (!accept(dateSeparator)) {
                return false;
            }
            optionalSpace();
            if (!year()) {
                return false;
            }
            accept('.');
            return true;
        }

        /**
         * A year: 1 to 4 digits; or a Buddhist year ({@code 2565 BE}); or a Japanese era letter and year
         * ({@code R4}). Those calendars become the Gregorian year, written with four digits. (A bare
         * four-digit year past 2400, Thai phones' Buddhist year, is turned by {@link DateOrder}.)
         */
        private boolean year() {
            char c = peek();
            int era = switch (c) {
                case 'R' -> 2018;
                case 'H' -> 1988;
                case 'S' -> 1925;
                case 'T' -> 1911;
                case 'M' -> 1867;
                default -> -1;
            };
            if (era > 0 && digitValue(peekAt(at + 1)) >= 0) {
                at++;
                if (!digitRun(1, 2)) {
                    return false;
                }
                d3 = era + number;
                d3Digits = 4;
                return true;
            }
            if (!digitRun(1, 4)) {
                return false;
            }
            d3 = number;
            d3Digits = digits;
            if (digits == 4 && isHeaderSpace(peek()) && peekAt(at + 1) == 'B' && peekAt(at + 2) == 'E'
                    && !Character.isLetter(peekAt(at + 3))) {
                at += 3;
                d3 -= DateOrder.BUDDHIST_ERA_OFFSET;
            }
            return true;
        }

        /** {@code Mon D[, YYYY]} or {@code D Mon[ YYYY]}, English month abbreviations. */
        private boolean namedMonthDate() {
            int month;
            int day;
            int start = at;
            if (digitRun(1, 2)) {
                day = number;
                if (skipSpaces() != 1) {
                    return false;
                }
                month = monthAt(line, at);
                if (month == 0) {
                    return false;
                }
                at += 3;
                accept('.');
                int afterMonth = at;
                if (skipSpaces() > 0 && digitRun(4, 4) && !isTimeSeparator(peek())) {
                    d3 = number;
                    d3Digits = 4;
                } else {
                    at = afterMonth;
                    d3 = 0;
                    d3Digits = 0;
                }
            } else {
                at = start;
                month = monthAt(line, at);
                if (month == 0) {
                    return false;
                }
                at += 3;
                accept('.');
                if (skipSpaces() != 1 || !digitRun(1, 2)) {
                    return false;
                }
                day = number;
                int afterDay = at;
                if (accept(',') && skipSpaces() > 0 && digitRun(4, 4) && !isTimeSeparator(peek())) {
                    d3 = number;
                    d3Digits = 4;
                } else {
                    at = afterDay;
                    d3 = 0;
                    d3Digits = 0;
                }
            }
            d1 = day;
            d1Digits = 2;
            d2 = month;
            d2Digits = 2;
            namedMonth = true;
            dateSeparator = NAMED_MONTH;
            return true;
        }

        /**
         * Between date and time: {@code (?:,|U+060C)?SP*(?:\p{L}{1,4}\.?SP+)?} with a comma or at least
         * one space, or {@code SP-SP}; a digit (the time) must follow, or an East Asian meridiem.
         */
        private boolean dateTimeSeparator() {
            separatorStart = at;
            boolean comma = false;
            if (peek() == ',' || peek() == '\u060C') {
                at++;
                comma = true;
            }
            int spaces = skipSpaces();
            if (spaces == 0 && !comma) {
                return false;
            }
            if (at >= length || digitValue(charAt(at)) >= 0 || eastAsianMeridiemAt(at) != 0) {
                separatorEnd = at;
                return true;
            }
            if (!comma && spaces == 1 && peek() == '-' && isHeaderSpace(peekAt(at + 1))) {
                // "12.07.2017 - 22:35:22; Author: ..."
                at += 2;
                dashBetween = true;
                separatorEnd = at;
                return digitValue(peek()) >= 0;
            }
            if (spaces == 0) {
                return false;
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
            if (skipSpaces() == 0) {
                return false;
            }
            separatorEnd = at;
            return true;
        }

        /** {@code [EA SP?](\d{1,2})([:.])(\d{2})(?:\2(\d{2}))?\.? MERIDIEM} */
        private boolean time() {
            char before = eastAsianMeridiemAt(at);
            if (before != 0) {
                at += 2;
                optionalSpace();
            }
            if (!digitRun(1, 2)) {
                return false;
            }
            hour = number;
            char timeSeparator = peek();
            if (!isTimeSeparator(timeSeparator)) {
                return false;
            }
            at++;
            if (!digitRun(2, 2)) {
                return false;
            }
            minute = number;
            second24 = -1;
            if (peek() == timeSeparator && digitValue(peekAt(at + 1)) >= 0 && digitValue(peekAt(at + 2)) >= 0) {
                at++;
                if (!digitRun(2, 2)) {
                    return false;
                }
                second24 = number;
            }
            accept('.');
            afterTime = at;
            meridiem = before != 0 ? before : meridiem();
            return true;
        }

        private static boolean isTimeSeparator(char c) {
            return c == ':' || c == '.';
        }

        /**
         * The meridiem after the time: {@code SP*[AaPp]\.?SP?[Mm]\.?} (the first version's form); else
         * an Arabic {@code ص}/{@code م}, an East Asian form, or a day period. 0 where there is none.
         */
        private char meridiem() {
            int start = at;
            int spaces = skipSpaces();
            int afterSpaces = at;
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
                at = afterSpaces;
            }
            char eastAsian = eastAsianMeridiemAt(at);
            if (eastAsian != 0) {
                at += 2;
                return eastAsian;
            }
            if (spaces > 0 && (letter == '\u0635' || letter == '\u0645') && !Character.isLetter(peekAt(at + 1))) {
                at++;
                return letter == '\u0635' ? 'A' : 'P';
            }
            if (spaces > 0 && Character.isLetter(letter)) {
                for (String[] period : DAY_PERIODS) {
                    String words = period[0];
                    if (line.regionMatches(true, at, words, 0, words.length())
                            && !Character.isLetter(peekAt(at + words.length()))) {
                        at += words.length();
                        return period[1].charAt(0);
                    }
                }
            }
            at = start;
            return 0;
        }

        private char eastAsianMeridiemAt(int index) {
            char c = peekAt(index);
            if (c != '上' && c != '下' && c != '午' && c != '오') {
                return 0;
            }
            for (String[] form : EAST_ASIAN_MERIDIEMS) {
                if (line.startsWith(form[0], index)) {
                    return form[1].charAt(0);
                }
            }
            return 0;
        }

        /** What follows the time (or, time first, the date), and the header it makes; null if nothing fits. */
        private RawHeader tail() {
            Family family;
            int restStart;
            int beforeSpaces = at;
            int spaces = skipSpaces();
            if (bracketed) {
                if (dashBetween || !accept(']')) {
                    return null;
                }
                family = Family.BRACKET;
                restStart = at == length ? length : isHeaderSpace(charAt(at)) ? at + 1 : at;
            } else if (dashBetween) {
                if (spaces > 0 || !accept(';')) {
                    return null;
                }
                family = Family.SEMICOLON;
                restStart = restAfterSpace();
            } else if (peek() == '-' || peek() == '\u2013') {
                at++;
                family = Family.DASH;
                restStart = restAfterSpace();
            } else if (spaces == 0 && peek() == ':') {
                at++;
                family = Family.COLON;
                restStart = restAfterSpace();
            } else if (spaces > 0 && at < length && digitValue(peek()) < 0) {
                at = beforeSpaces;
                family = Family.BARE;
                restStart = beforeSpaces + 1;
            } else if (at == length) {
                // Nothing after the time at all ("5/6/19, 11:14 AM"): a bare header with nothing to say.
                family = Family.BARE;
                restStart = length;
            } else {
                return null;
            }
            if (restStart < 0) {
                return null;
            }
            Layout layout = layout(family);
            return new RawHeader(layout, new WrittenDate(d1, d1Digits, d2, d2Digits, d3, d3Digits, namedMonth),
                    hour, minute, second24, meridiem, line, restStart);
        }

        /**
         * The layout read, as a {@link Layout} equal to the one the fields make: the last one made when it
         * is equal (nearly every header of a file has the same), so that most headers make no layout and
         * no separator string.
         */
        private Layout layout(Family family) {
            Layout last = lastLayout;
            boolean twelveHour = meridiem != 0;
            if (last != null && last.family() == family && last.timeFirst() == timeFirst
                    && last.dateSeparator() == dateSeparator && last.yearDigits() == d3Digits
                    && last.twelveHour() == twelveHour && separatorIs(last.dateTimeSeparator())) {
                return last;
            }
            String separator = plainSpaces(dashBetween ? " - " : line.substring(separatorStart, separatorEnd));
            Layout layout = new Layout(family, timeFirst, dateSeparator, d3Digits, separator, twelveHour);
            lastLayout = layout;
            return layout;
        }

        /** Whether the separator read, its spaces made plain as {@link #plainSpaces} does, is {@code plain}. */
        private boolean separatorIs(String plain) {
            if (dashBetween) {
                return plain.equals(" - ");
            }
            if (plain.length() != separatorEnd - separatorStart) {
                return false;
            }
            for (int i = 0; i < plain.length(); i++) {
                char c = charAt(separatorStart + i);
                if (c != ' ' && InvisibleMarks.isSpace(c)) {
                    c = ' ';
                }
                if (c != plain.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code (?:SP(.*))?$} after a dash or colon: the line's end, or one space and the rest; else -1. */
        private int restAfterSpace() {
            if (at == length) {
                return length;
            }
            return isHeaderSpace(charAt(at)) ? at + 1 : -1;
        }

        /** Reads a run of digits into {@code number}; false unless its length is within the bounds. */
        private boolean digitRun(int fewest, int most) {
            int start = at;
            int value = 0;
            int d;
            while (at < length && (d = digitValue(charAt(at))) >= 0) {
                if (at - start < most) {
                    value = value * 10 + d;
                }
                at++;
            }
            digits = at - start;
            number = value;
            return digits >= fewest && digits <= most;
        }

        private int skipSpaces() {
            int start = at;
            while (at < length && isHeaderSpace(charAt(at))) {
                at++;
            }
            return at - start;
        }

        private void optionalSpace() {
            if (at < length && isHeaderSpace(charAt(at))) {
                at++;
            }
        }

        private boolean accept(char expected) {
            if (at < length && charAt(at) == expected) {
                at++;
                return true;
            }
            return false;
        }

        private char peek() {
            return peekAt(at);
        }

        private char peekAt(int index) {
            return index < length ? charAt(index) : 0;
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
}

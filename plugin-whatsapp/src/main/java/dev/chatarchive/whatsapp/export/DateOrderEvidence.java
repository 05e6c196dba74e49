package dev.chatarchive.whatsapp.export;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What the headers of one layout say about the file's date order, gathered over the whole file with
 * constant memory: the first version's rules, which stay first so that every file it read is read the
 * same way (the date makes the message ids). Three kinds of evidence, strongest first:
 * <ol>
 *   <li>a header that makes no valid date in an order (a "13" where a month would be) rules it out;
 *   <li>an export runs forward in time, so the order under which dates go backwards less often wins;
 *   <li>when every date reads the same either way (day equals month), the order does not matter.
 * </ol>
 * Anything else is left to {@link DateOrderTieBreak}, which weighs weaker evidence.
 */
final class DateOrderEvidence {

    private static final DateOrder[] ORDERS = DateOrder.values();
    /** The year a date without one is tried in: a leap year, so that 29 February is a date. */
    private static final int ANY_LEAP_YEAR = 2000;

    private long headers;
    private boolean yearFirst;
    private boolean dayEqualsMonthEverywhere = true;
    /** Per date order (by ordinal): counted on every header, so plain arrays rather than boxed maps. */
    private final long[] invalid = new long[ORDERS.length];
    private final long[] backwards = new long[ORDERS.length];
    private final LocalDate[] previous = new LocalDate[ORDERS.length];

    long headers() {
        return headers;
    }

    void add(HeaderGrammar.RawHeader header) {
        HeaderGrammar.WrittenDate written = header.date();
        LocalDate[] dates = new LocalDate[ORDERS.length];
        boolean anyValid = false;
        for (int i = 0; i < ORDERS.length; i++) {
            dates[i] = ORDERS[i].resolve(written, ANY_LEAP_YEAR);
            anyValid |= dates[i] != null;
        }
        if (!anyValid) {
            // Not a date in any order: message text, no evidence about the order.
            return;
        }
        headers++;
        if (written.firstDigits() == 4) {
            yearFirst = true;
        }
        if (written.first() != written.second()) {
            dayEqualsMonthEverywhere = false;
        }
        for (int i = 0; i < ORDERS.length; i++) {
            if (dates[i] == null) {
                invalid[i]++;
                continue;
            }
            LocalDate before = previous[i];
            previous[i] = dates[i];
            if (before != null && dates[i].isBefore(before)) {
                backwards[i]++;
            }
        }
    }

    /** Whether impossible dates rule {@code order} out: many headers make no date in it, few in another. */
    boolean rulesOut(DateOrder order) {
        long against = invalid[order.ordinal()];
        if (against == 0) {
            return false;
        }
        for (DateOrder other : ORDERS) {
            if (other != order && invalid[other.ordinal()] * 20 < against) {
                return true;
            }
        }
        return false;
    }

    /** The order the evidence proves, or empty when it cannot tell day-first from month-first. */
    Optional<DateOrder> decide() {
        if (yearFirst) {
            return Optional.of(DateOrder.YEAR_MONTH_DAY);
        }
        long dmyInvalid = invalid[DateOrder.DAY_MONTH_YEAR.ordinal()];
        long mdyInvalid = invalid[DateOrder.MONTH_DAY_YEAR.ordinal()];
        if (dmyInvalid != mdyInvalid) {
            DateOrder fewer = dmyInvalid < mdyInvalid ? DateOrder.DAY_MONTH_YEAR : DateOrder.MONTH_DAY_YEAR;
            long least = Math.min(dmyInvalid, mdyInvalid);
            long most = Math.max(dmyInvalid, mdyInvalid);
            // A few invalid "headers" under the winning order are message text that looks like a date.
            if (least * 20 < most) {
                return Optional.of(fewer);
            }
            return Optional.empty();
        }
        long dmyBack = backwards[DateOrder.DAY_MONTH_YEAR.ordinal()];
        long mdyBack = backwards[DateOrder.MONTH_DAY_YEAR.ordinal()];
        if (dmyBack != mdyBack) {
            return Optional.of(dmyBack < mdyBack ? DateOrder.DAY_MONTH_YEAR : DateOrder.MONTH_DAY_YEAR);
        }
        if (dayEqualsMonthEverywhere) {
            return Optional.of(DateOrder.DAY_MONTH_YEAR);
        }
        return Optional.empty();
    }
}

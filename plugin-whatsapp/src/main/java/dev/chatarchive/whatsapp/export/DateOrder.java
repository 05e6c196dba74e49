package dev.chatarchive.whatsapp.export;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.Locale;
import java.util.Optional;

/** The order of day, month and year in an export's dates; the same for every line of one file. */
public enum DateOrder {
    /** 23/03/2022: most of the world. */
    DAY_MONTH_YEAR("day-month-year"),
    /** 3/23/22: the United States and a few others. */
    MONTH_DAY_YEAR("month-day-year"),
    /** 2022/03/23: China, Japan, Korea, ISO-like exports. */
    YEAR_MONTH_DAY("year-month-day");

    /** How many years the Buddhist era runs ahead of the Gregorian one. */
    static final int BUDDHIST_ERA_OFFSET = 543;

    private final String settingValue;

    DateOrder(String settingValue) {
        this.settingValue = settingValue;
    }

    /** How a user writes this order in a setting, for example {@code day-month-year}. */
    public String settingValue() {
        return settingValue;
    }

    /**
     * The order a user named in a setting: {@code day-month-year} (or {@code dmy}, {@code day-first}),
     * {@code month-day-year} ({@code mdy}, {@code month-first}), {@code year-month-day} ({@code ymd}).
     */
    public static Optional<DateOrder> fromSetting(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "day-month-year", "day-month", "dmy", "day-first" -> Optional.of(DAY_MONTH_YEAR);
            case "month-day-year", "month-day", "mdy", "month-first" -> Optional.of(MONTH_DAY_YEAR);
            case "year-month-day", "year-month", "ymd", "year-first" -> Optional.of(YEAR_MONTH_DAY);
            default -> Optional.empty();
        };
    }

    /** The date the three numbers of a header make in this order, or {@code null} if none. */
    LocalDate resolve(HeaderGrammar.WrittenDate written) {
        return resolve(written, -1);
    }

    /**
     * The date the numbers of a header make in this order, or {@code null} if none. A header with a
     * named month reads the same in every order; one without a year ({@code 12 Aug 07:44},
     * {@code 07 20}) takes {@code unwrittenYear}, and makes no date when that is negative; without a
     * year, year-month-day reads like day-month-year.
     */
    LocalDate resolve(HeaderGrammar.WrittenDate written, int unwrittenYear) {
        int day;
        int dayDigits;
        int month;
        int monthDigits;
        int year;
        int yearDigits;
        if (written.namedMonth()) {
            day = written.first(); dayDigits = 2;
            month = written.second(); monthDigits = 2;
            year = written.hasYear() ? written.third() : unwrittenYear;
            yearDigits = year < 0 ? 0 : 4;
        } else if (!written.hasYear()) {
            boolean monthFirst = this == MONTH_DAY_YEAR;
            day = monthFirst ? written.second() : written.first(); dayDigits = 2;
            month = monthFirst ? written.first() : written.second(); monthDigits = 2;
            year = unwrittenYear;
            yearDigits = year < 0 ? 0 : 4;
        } else {
            switch (this) {
                case DAY_MONTH_YEAR -> {
                    day = written.first(); dayDigits = written.firstDigits();
                    month = written.second(); monthDigits = written.secondDigits();
                    year = written.third(); yearDigits = written.thirdDigits();
                }
                case MONTH_DAY_YEAR -> {
                    month = written.first(); monthDigits = written.firstDigits();
                    day = written.second(); dayDigits = written.secondDigits();
                    year = written.third(); yearDigits = written.thirdDigits();
                }
                default -> {
                    year = written.first(); yearDigits = written.firstDigits();
                    month = written.second(); monthDigits = written.secondDigits();
                    day = written.third(); dayDigits = written.thirdDigits();
                }
            }
        }
        if (dayDigits > 2 || monthDigits > 2) {
            return null;
        }
        int fullYear;
        if (yearDigits == 2) {
            fullYear = 2000 + year;
        } else if (yearDigits == 4) {
            // Past 2400 is a Buddhist year (Thai phones write 2565 for 2022): no export is from then.
            fullYear = year > 2400 ? year - BUDDHIST_ERA_OFFSET : year;
        } else {
            return null;
        }
        // Checked by hand: most candidate readings are invalid, and an exception per line is slow.
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(fullYear))) {
            return null;
        }
        return LocalDate.of(fullYear, month, day);
    }
}

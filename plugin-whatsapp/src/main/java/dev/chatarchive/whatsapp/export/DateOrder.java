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
        int day;
        int dayDigits;
        int month;
        int monthDigits;
        int year;
        int yearDigits;
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
        if (dayDigits > 2 || monthDigits > 2) {
            return null;
        }
        int fullYear;
        if (yearDigits == 2) {
            fullYear = 2000 + year;
        } else if (yearDigits == 4) {
            fullYear = year;
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

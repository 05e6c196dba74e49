package dev.chatarchive.whatsapp.export;

import java.time.LocalDate;
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
    LocalDate resolve(String first, String second, String third) {
        String day;
        String month;
        String year;
        switch (this) {
            case DAY_MONTH_YEAR -> { day = first; month = second; year = third; }
            case MONTH_DAY_YEAR -> { month = first; day = second; year = third; }
            default -> { year = first; month = second; day = third; }
        }
        if (day.length() > 2 || month.length() > 2) {
            return null;
        }
        int fullYear;
        if (year.length() == 2) {
            fullYear = 2000 + Integer.parseInt(year);
        } else if (year.length() == 4) {
            fullYear = Integer.parseInt(year);
        } else {
            return null;
        }
        int monthNumber = Integer.parseInt(month);
        int dayNumber = Integer.parseInt(day);
        // Checked by hand: most candidate readings are invalid, and an exception per line is slow.
        if (monthNumber < 1 || monthNumber > 12 || dayNumber < 1
                || dayNumber > java.time.YearMonth.of(fullYear, monthNumber).lengthOfMonth()) {
            return null;
        }
        return LocalDate.of(fullYear, monthNumber, dayNumber);
    }
}

package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.ProviderContext;
import java.io.File;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The export source's settings, from the user's configuration file (keys under {@code whatsapp.}):
 * <ul>
 *   <li>{@code exports.dirs}: folders to read exports from, separated by the platform's path separator
 *       ({@code :} on Linux and macOS); default {@code <data folder>/exports};
 *   <li>{@code exports.timezone}: the zone the exporting phone was in, for example
 *       {@code Europe/Amsterdam}; default the system's zone;
 *   <li>{@code exports.me}: the name(s) the user appears under in exports, comma-separated;
 *   <li>{@code exports.date-order}: {@code day-month-year}, {@code month-day-year} or
 *       {@code year-month-day}, for files whose dates are ambiguous.
 * </ul>
 *
 * @param folders   folders scanned for export files
 * @param zone      the zone export times are converted from
 * @param meNames   names that are the user (compared ignoring case), possibly empty
 * @param dateOrder the date order to use for every file, or {@code null} to infer it per file
 */
public record ExportSettings(List<Path> folders, ZoneId zone, Set<String> meNames, DateOrder dateOrder) {

    public ExportSettings {
        folders = List.copyOf(folders);
        Objects.requireNonNull(zone, "zone must not be null");
        meNames = Set.copyOf(meNames);
    }

    /** The settings the user gave, or a sentence saying which one is wrong. */
    static ExportSettings from(ProviderContext context) throws InvalidSettingException {
        List<Path> folders = new ArrayList<>();
        Optional<String> dirs = context.setting("exports.dirs");
        if (dirs.isPresent()) {
            for (String dir : dirs.get().split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    folders.add(Path.of(dir.strip()));
                }
            }
        } else {
            folders.add(context.hostDataDirectory().resolve("exports"));
        }
        ZoneId zone = ZoneId.systemDefault();
        Optional<String> zoneSetting = context.setting("exports.timezone");
        if (zoneSetting.isPresent()) {
            try {
                zone = ZoneId.of(zoneSetting.get());
            } catch (DateTimeException e) {
                throw new InvalidSettingException("The setting whatsapp.exports.timezone='" + zoneSetting.get()
                        + "' is not a time zone: use a name such as Europe/Amsterdam or America/New_York.");
            }
        }
        DateOrder order = null;
        Optional<String> orderSetting = context.setting("exports.date-order");
        if (orderSetting.isPresent()) {
            order = DateOrder.fromSetting(orderSetting.get()).orElseThrow(() -> new InvalidSettingException(
                    "The setting whatsapp.exports.date-order='" + orderSetting.get() + "' is not a date order: use"
                            + " day-month-year, month-day-year or year-month-day."));
        }
        return new ExportSettings(folders, zone, names(context.setting("exports.me").orElse("")), order);
    }

    static Set<String> names(String commaSeparated) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : commaSeparated.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /** A setting the user must fix; the message says how. */
    static final class InvalidSettingException extends Exception {
        InvalidSettingException(String message) {
            super(message);
        }
    }
}

package dev.chatarchive.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user said about the files of one {@code chat-archive import}, beyond their paths: the
 * options of the command line, by name without the leading dashes ({@code --key K} arrives as
 * {@code key → K}). The host passes them to {@link HistoryProvider#importSource(java.nio.file.Path,
 * ImportOptions)} as given, unchecked; the provider decides what each means for the file it reads
 * and ignores the ones it has no use for (an export has no key).
 *
 * <p>The names the host knows are the constants below. A value is never blank; an option the user
 * did not give is absent.
 *
 * @param values option names to values; copied, unmodifiable
 * @since 1.1.0
 */
public record ImportOptions(Map<String, String> values) {

    /**
     * The key that opens an encrypted source: for WhatsApp backups, the 64-digit end-to-end backup
     * key or the path of a key file. Secret: a provider never logs or stores it.
     */
    public static final String KEY = "key";

    /** The path of a file of contact names to go with the source (WhatsApp: {@code wa.db}). */
    public static final String CONTACTS = "contacts";

    /** How to read ambiguous dates in an export ({@code day-first}, {@code month-first}, ...). */
    public static final String DATE_ORDER = "date-order";

    /** No options. */
    public static final ImportOptions NONE = new ImportOptions(Map.of());

    public ImportOptions {
        Objects.requireNonNull(values, "values must not be null");
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            HistoricalMessage.requireText(name, "option name");
            HistoricalMessage.requireText(value, "value of option " + name);
            copy.put(name, value);
        });
        values = Map.copyOf(copy);
    }

    /** The value of option {@code name}, if the user gave it. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** These options plus {@code name → value} (replacing an earlier value of {@code name}). */
    public ImportOptions with(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(name, value);
        return new ImportOptions(next);
    }

    /** The option names only: values may be secret. */
    @Override
    public String toString() {
        return "ImportOptions" + values.keySet();
    }
}

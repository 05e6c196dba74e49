package dev.chatarchive.host.media;

import java.util.Locale;

/** Sizes of files as people read them: {@code 512 B}, {@code 14 KB}, {@code 3.2 MB}, {@code 1.1 GB} (powers of 1024). */
public final class FileSizes {

    private FileSizes() {
    }

    public static String describe(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value))
                + " " + units[unit];
    }
}

package dev.chatarchive.whatsapp.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The export files the user registered with {@code chat-archive import FILE}, remembered across runs
 * in one text file in the plugin's folder for the archive they were imported into
 * ({@link dev.chatarchive.api.ProviderContext#archiveDataDirectory()}: another archive of the same
 * data folder has its own list): one absolute path a line, followed by a tab and
 * {@code date-order=...} when the user said how to read the file's dates
 * ({@code import --date-order ...}). Rewritten whole through a temporary file and an atomic move, so
 * a crash leaves either the old list or the new one. The first version's lines (a path alone) read
 * the same.
 */
final class ExportRegistry {

    private static final String DATE_ORDER = "date-order=";

    private final Path file;

    ExportRegistry(Path file) {
        this.file = file;
    }

    /** The registered files, in the order they were registered. */
    synchronized List<Path> paths() throws IOException {
        return new ArrayList<>(entries().keySet());
    }

    /** The date order the user gave for {@code export} when importing it, if any. */
    synchronized Optional<DateOrder> dateOrder(Path export) throws IOException {
        return Optional.ofNullable(entries().get(export.toAbsolutePath().normalize()));
    }

    /**
     * Registers {@code export}; registering a file twice keeps one entry. A {@code dateOrder} (the
     * user's word) replaces the one remembered; {@code null} keeps it.
     */
    synchronized void add(Path export, DateOrder dateOrder) throws IOException {
        Map<Path, DateOrder> entries = entries();
        Path key = export.toAbsolutePath().normalize();
        boolean known = entries.containsKey(key);
        DateOrder before = entries.get(key);
        if (known && (dateOrder == null || dateOrder == before)) {
            return;
        }
        entries.put(key, dateOrder != null ? dateOrder : before);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> lines = new ArrayList<>();
        entries.forEach((path, order) -> lines.add(order == null ? path.toString()
                : path + "\t" + DATE_ORDER + order.settingValue()));
        Files.write(temp, lines, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Map<Path, DateOrder> entries() throws IOException {
        Map<Path, DateOrder> entries = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            String path = tab < 0 ? line.strip() : line.substring(0, tab).strip();
            DateOrder order = null;
            if (tab >= 0) {
                String rest = line.substring(tab + 1).strip();
                if (rest.startsWith(DATE_ORDER)) {
                    order = DateOrder.fromSetting(rest.substring(DATE_ORDER.length())).orElse(null);
                }
            }
            entries.put(Path.of(path), order);
        }
        return entries;
    }
}

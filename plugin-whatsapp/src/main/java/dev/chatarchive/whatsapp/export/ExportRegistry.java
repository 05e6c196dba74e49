package dev.chatarchive.whatsapp.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The export files the user registered with {@code chat-archive import FILE}, remembered across runs
 * in one text file in the plugin's data folder (one absolute path a line). Rewritten whole through a
 * temporary file and an atomic move, so a crash leaves either the old list or the new one.
 */
final class ExportRegistry {

    private final Path file;

    ExportRegistry(Path file) {
        this.file = file;
    }

    /** The registered files, in the order they were registered. */
    synchronized List<Path> paths() throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                paths.add(Path.of(line.strip()));
            }
        }
        return paths;
    }

    /** Registers {@code export}; registering a file twice keeps one entry. */
    synchronized void add(Path export) throws IOException {
        Set<Path> paths = new LinkedHashSet<>(paths());
        if (!paths.add(export.toAbsolutePath().normalize())) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> lines = paths.stream().map(Path::toString).toList();
        Files.write(temp, lines, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package dev.chatarchive.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens the first time chat-archive opens its default archive: the sample chats shipped in
 * the application's {@code samples/} folder are imported, so the UI has something to show. Only for
 * the default archive (never one the user named), only when it was just created, and never fatal:
 * a failed import is logged and the app opens anyway.
 */
public final class FirstRun {

    private static final Logger LOG = LoggerFactory.getLogger(FirstRun.class);

    private FirstRun() {
    }

    /**
     * Opens the archive and, when it was created just now as the default archive, imports the samples.
     *
     * @return the sample files handed to the importer; empty when it was not the first run
     */
    public static List<Path> prepare(Host host, SourceImporter importer) {
        host.archive();
        if (!host.isFreshDefaultArchive()) {
            return List.of();
        }
        List<Path> samples = samples(host.locations().samplesDirectory());
        if (samples.isEmpty()) {
            return samples;
        }
        LOG.info("First run with a new archive: importing {} sample chats from {}", samples.size(),
                host.locations().samplesDirectory());
        try {
            importer.importAll(host, samples);
        } catch (Exception | LinkageError e) {
            LOG.error("Importing the samples failed; the archive stays as it is", e);
        }
        return samples;
    }

    private static List<Path> samples(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(file -> !file.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list the samples in {}", folder, e);
            return List.of();
        }
    }
}

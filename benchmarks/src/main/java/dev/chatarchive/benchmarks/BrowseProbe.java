package dev.chatarchive.benchmarks;

import dev.chatarchive.host.store.Archive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in its own JVM by {@link Benchmarks}: browses an archive as a user would (open chats, page
 * back, search), then prints its peak resident set size (Linux {@code VmHWM}) in kilobytes.
 */
public final class BrowseProbe {

    static final String RESULT = "peak-rss-kb ";

    private BrowseProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        SyntheticCorpus corpus = new SyntheticCorpus(Long.parseLong(args[1]), 42);
        try (Archive archive = Archive.openReadOnly(file, Clock.systemUTC())) {
            ArchiveReadBenchmarks reads = new ArchiveReadBenchmarks(archive, corpus);
            reads.openChat(300);
            reads.pageBack(10, 100);
            reads.search(SyntheticCorpus.COMMON_WORD, 50);
            reads.search(SyntheticCorpus.RARE_WORD, 50);
        }
        System.out.println(RESULT + peakResidentKilobytes());
    }

    static long peakResidentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/self/status has no VmHWM line (not Linux?)");
    }
}

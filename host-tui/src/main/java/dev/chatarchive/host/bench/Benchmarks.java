package dev.chatarchive.host.bench;

import dev.chatarchive.host.store.Archive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark suite behind {@code chat-archive benchmark}: builds synthetic archives of the
 * requested sizes and measures ingest, chat opening, paging and search on each, then peak memory
 * while browsing the largest in a separate process. Prints a Markdown report.
 *
 * <p>Not a test: it runs for minutes on large sizes, and its numbers depend on the machine.
 */
public final class Benchmarks {

    private final List<Long> sizes;
    private final Path workDirectory;
    private final boolean reuse;
    private final StringBuilder report = new StringBuilder();

    public Benchmarks(List<Long> sizes, Path workDirectory, boolean reuse) {
        this.sizes = List.copyOf(sizes);
        this.workDirectory = workDirectory;
        this.reuse = reuse;
    }

    /** Parses sizes such as {@code 10k,1m,10m}. */
    public static List<Long> parseSizes(String text) {
        List<Long> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            String size = part.strip().toLowerCase(Locale.ROOT);
            long factor = size.endsWith("k") ? 1_000 : size.endsWith("m") ? 1_000_000 : 1;
            String digits = factor == 1 ? size : size.substring(0, size.length() - 1);
            try {
                long value = Long.parseLong(digits) * factor;
                if (value < 100) {
                    throw new IllegalArgumentException("a benchmark size must be at least 100 messages, was " + part);
                }
                sizes.add(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not a size; write sizes like 10k,1m,10m", e);
            }
        }
        return sizes;
    }

    /** Runs everything and returns the Markdown report. */
    public String run() throws IOException, InterruptedException {
        Files.createDirectories(workDirectory);
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + "; " + LocalDate.now());
        line("");
        line("| messages | raw insert (msg/s) | open chat median / p99 (ms) | page back median / p99 (ms) "
                + "| search common median / p99 (ms) | search rare median / p99 (ms) | LIKE common / rare median (ms) |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        Path largest = null;
        List<double[]> openP99 = new ArrayList<>();
        for (long size : sizes) {
            Path file = workDirectory.resolve("bench-" + size + ".db");
            SyntheticCorpus corpus = new SyntheticCorpus(size, 42);
            double rawRate = build(file, corpus);
            try (Archive archive = Archive.openReadOnly(file, Clock.systemUTC())) {
                ArchiveReadBenchmarks reads = new ArchiveReadBenchmarks(archive, corpus);
                reads.openChat(20);
                LatencySample open = reads.openChat(400);
                LatencySample page = reads.pageBack(10, 40);
                LatencySample common = reads.search(SyntheticCorpus.COMMON_WORD, 100);
                LatencySample rare = reads.search(SyntheticCorpus.RARE_WORD, 100);
                int likeSamples = size >= 5_000_000 ? 3 : 20;
                LatencySample likeCommon = reads.likeScan(SyntheticCorpus.COMMON_WORD, likeSamples);
                LatencySample likeRare = reads.likeScan(SyntheticCorpus.RARE_WORD, likeSamples);
                openP99.add(new double[] {size, open.p99Millis(), page.p99Millis()});
                line(String.format(Locale.ROOT, "| %,d | %s | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f |",
                        size, Double.isNaN(rawRate) ? "(reused)" : String.format(Locale.ROOT, "%,.0f", rawRate),
                        open.medianMillis(), open.p99Millis(), page.medianMillis(), page.p99Millis(),
                        common.medianMillis(), common.p99Millis(), rare.medianMillis(), rare.p99Millis(),
                        likeCommon.medianMillis(), likeRare.medianMillis()));
            }
            largest = file;
        }
        if (openP99.size() > 1) {
            double[] small = openP99.get(0);
            double[] big = openP99.get(openP99.size() - 1);
            line("");
            line(String.format(Locale.ROOT, "Largest/smallest p99 ratio: open chat %.2fx, page back %.2fx (%,d vs %,d messages).",
                    big[1] / small[1], big[2] / small[2], (long) big[0], (long) small[0]));
        }
        if (largest != null) {
            line("");
            line(String.format(Locale.ROOT, "Peak resident memory browsing the largest archive (separate JVM): %d MB.",
                    browsePeakResidentMegabytes(largest)));
        }
        return report.toString();
    }

    private double build(Path file, SyntheticCorpus corpus) throws IOException {
        if (reuse && Files.exists(file)) {
            return Double.NaN;
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        try (Archive archive = Archive.open(file, Clock.systemUTC())) {
            long nanos = RawArchiveWriter.write(archive, corpus);
            return corpus.totalMessages() / (nanos / 1e9);
        }
    }

    /** Starts a fresh JVM that browses {@code archive} like a user would and reports its peak RSS. */
    private long browsePeakResidentMegabytes(Path archive) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrowseProbe.class.getName(), archive.toString(),
                String.valueOf(sizes.get(sizes.size() - 1)))
                .redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                last = line;
            }
        }
        if (process.waitFor() != 0 || !last.startsWith(BrowseProbe.RESULT)) {
            throw new IllegalStateException("The browsing probe failed: " + last);
        }
        return Long.parseLong(last.substring(BrowseProbe.RESULT.length()).strip()) / 1024;
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = parseSizes(args.length > 0 ? args[0] : "10k,1m,10m");
        Path work = Path.of(args.length > 1 ? args[1] : "target/benchmarks");
        boolean reuse = args.length > 2 && args[2].equals("--reuse");
        new Benchmarks(sizes, work, reuse).run();
    }
}

package dev.chatarchive.benchmarks;

import dev.chatarchive.host.app.Main;
import dev.chatarchive.host.cli.WorkPrinter;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.progress.WorkProgress;
import dev.chatarchive.host.store.Archive;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The benchmark suite behind {@code chat-archive benchmark}. It measures, on this machine, in one run:
 * <ol>
 *   <li>ingest through the real sync engine against a raw JDBC batch insert of the same corpus into
 *       the same schema;
 *   <li>export parsing (in the WhatsApp plugin, in its own JVM) against plain line reading of the
 *       same file, with peak memory for two file sizes;
 *   <li>with {@code peersSize > 0}, the peers table: whatsapp-chat-parser (npm) and our parser on one
 *       multilingual export, the end-to-end import of it and the data folder it leaves
 *       ({@link PeersBenchmark});
 *   <li>with {@code legacySize > 0}: {@code chat-archive chats --archive FILE} adopting a generated
 *       baileys-bridge database of that many rows (see {@link SyntheticLegacyBridge});
 *   <li>with {@code backupSize > 0}: {@code chat-archive import} of a generated Android msgstore.db
 *       through the real application in its own JVM, wall time and peak memory;
 *   <li>for each archive size: opening a chat, paging back, full-text search for a common and a rare
 *       word, and the same words by a {@code LIKE} scan;
 *   <li>on the largest archive: the real application's start-up to its first screen in a terminal,
 *       and its peak resident memory while browsing.
 * </ol>
 * It ends with the issues' targets, each met, missed (by how much), not judged (measured below the
 * issue's size) or not measured ({@link Targets}).
 * Prints a Markdown report as it goes. Not a test: large sizes run for many minutes, and the
 * figures depend on the machine.
 */
public final class Benchmarks {

    /**
     * What to run.
     *
     * @param sizes            archive sizes for the read benchmarks, smallest first
     * @param ingestSize       messages in the ingest comparison
     * @param parseSize        messages in the export parse benchmark (0 to skip)
     * @param workDirectory    where archives and exports are written
     * @param pluginsDirectory where the WhatsApp plugin jar is, for the parse benchmark and the app
     * @param reuse            keep archives a previous run built
     * @param backupSize       messages in the generated phone backup that is imported (0 to skip)
     * @param peersSize        messages in the multilingual export of the peers section (0 to skip)
     * @param legacySize       rows in the generated baileys-bridge database that is adopted (0 to skip)
     */
    public record Options(List<Long> sizes, long ingestSize, long parseSize, Path workDirectory,
                          Path pluginsDirectory, boolean reuse, long backupSize, long peersSize, long legacySize) {

        /** Options without the legacy adoption. */
        public Options(List<Long> sizes, long ingestSize, long parseSize, Path workDirectory, Path pluginsDirectory,
                       boolean reuse, long backupSize, long peersSize) {
            this(sizes, ingestSize, parseSize, workDirectory, pluginsDirectory, reuse, backupSize, peersSize, 0);
        }

        /** Options without the peers section. */
        public Options(List<Long> sizes, long ingestSize, long parseSize, Path workDirectory, Path pluginsDirectory,
                       boolean reuse, long backupSize) {
            this(sizes, ingestSize, parseSize, workDirectory, pluginsDirectory, reuse, backupSize, 0);
        }

        /** Options without the backup import. */
        public Options(List<Long> sizes, long ingestSize, long parseSize, Path workDirectory, Path pluginsDirectory,
                       boolean reuse) {
            this(sizes, ingestSize, parseSize, workDirectory, pluginsDirectory, reuse, 0);
        }

        public Options {
            sizes = List.copyOf(sizes);
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("name at least one archive size");
            }
            Objects.requireNonNull(workDirectory, "workDirectory");
            Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
        }
    }

    private final Options options;
    private final StringBuilder report = new StringBuilder();
    /**
     * The ingest section's raw JDBC batch rate, messages per second: the peers table's insert limit
     * ({@code NaN} when the ingest section ran fewer than {@link #RATE_MINIMUM} messages).
     */
    private double rawInsertsPerSecond = Double.NaN;
    /** Fewer ingested messages than this give no rate worth extrapolating to the peers' size. */
    private static final long RATE_MINIMUM = 10_000;
    /** The issues' targets, judged by the sections that measure them; printed last. */
    private final Targets targets = new Targets();
    private static final long MILLION = 1_000_000;
    private static final long TEN_MILLION = 10_000_000;

    public Benchmarks(Options options) {
        this(options, WorkPrinter.drawingOn(new java.io.PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** The suite, drawing its own long steps (generating inputs, building archives) on {@code progress}. */
    Benchmarks(Options options, ProgressListener progress) {
        this.progress = progress;
        this.options = options;
    }

    /** Parses sizes such as {@code 10k,1m,10m}. */
    public static List<Long> parseSizes(String text) {
        List<Long> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            sizes.add(parseSize(part));
        }
        return sizes;
    }

    /** Parses one size such as {@code 200k}. */
    public static long parseSize(String part) {
        String size = part.strip().toLowerCase(Locale.ROOT);
        long factor = size.endsWith("k") ? 1_000 : size.endsWith("m") ? 1_000_000 : 1;
        String digits = factor == 1 ? size : size.substring(0, size.length() - 1);
        try {
            long value = Long.parseLong(digits) * factor;
            if (value < 100) {
                throw new IllegalArgumentException("a benchmark size must be at least 100 messages, was " + part);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + part + "' is not a size; write sizes like 10k,1m,10m", e);
        }
    }

    /** Where the suite's own long steps are drawn: stderr, as the app draws its work. */
    private final ProgressListener progress;

    /** Reports {@code done} of {@code total} of one of the suite's own steps (the report goes to stdout). */
    private void step(String operation, String detail, long done, long total) {
        progress.onProgress(new WorkProgress("benchmark", operation, detail, done, total));
    }

    /** Runs everything and returns the Markdown report. */
    public String run() throws IOException, InterruptedException {
        Files.createDirectories(options.workDirectory());
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + "; " + LocalDate.now() + ".");
        ingest();
        parse();
        peers();
        try {
            backup();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The backup import benchmark failed: " + e.getMessage(), e);
        }
        try {
            legacy();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The legacy adoption benchmark failed: " + e.getMessage(), e);
        }
        Path largest = reads();
        ui(largest);
        line("");
        line("### Targets (issues #12 and #15)");
        line("");
        targets.table().forEach(this::line);
        return report.toString();
    }

    private void ingest() throws InterruptedException {
        SyntheticCorpus corpus = new SyntheticCorpus(options.ingestSize(), 7);
        double raw;
        double engine;
        try (Archive archive = freshArchive("ingest-raw")) {
            raw = corpus.totalMessages() / (RawArchiveWriter.write(archive, corpus) / 1e9);
        }
        if (corpus.totalMessages() >= RATE_MINIMUM) {
            rawInsertsPerSecond = raw;
        }
        try (Archive archive = freshArchive("ingest-engine")) {
            engine = corpus.totalMessages() / (EngineIngest.ingest(archive, corpus) / 1e9);
        }
        line("");
        line("### Ingest (" + String.format(Locale.ROOT, "%,d", corpus.totalMessages()) + " messages, "
                + corpus.chatCount() + " chats)");
        line("");
        line("| path | messages/s |");
        line("|---|---:|");
        line(String.format(Locale.ROOT, "| raw JDBC batch insert, same schema | %,.0f |", raw));
        line(String.format(Locale.ROOT, "| sync engine (pages, checkpoints, status) | %,.0f |", engine));
        line(String.format(Locale.ROOT, "| ratio engine / raw | %.2f |", engine / raw));
    }

    private void parse() throws IOException, InterruptedException {
        if (options.parseSize() <= 0) {
            return;
        }
        Path plugin = pluginJar();
        long small = Math.max(1_000, options.parseSize() / 10);
        String[] big = runParse(plugin, options.parseSize());
        String[] little = runParse(plugin, small);
        long messages = Long.parseLong(big[1]);
        double megabytes = Long.parseLong(big[2]) / 1e6;
        double lineSeconds = Long.parseLong(big[3]) / 1e9;
        double parseSeconds = Long.parseLong(big[4]) / 1e9;
        line("");
        line("### Export parsing (generated Android export, " + String.format(Locale.ROOT, "%,d", messages)
                + " messages, " + String.format(Locale.ROOT, "%.0f", megabytes) + " MB)");
        line("");
        line("| path | messages/s | MB/s |");
        line("|---|---:|---:|");
        line(String.format(Locale.ROOT, "| plain line reading | %,.0f | %.1f |", messages / lineSeconds, megabytes / lineSeconds));
        line(String.format(Locale.ROOT, "| export parser | %,.0f | %.1f |", messages / parseSeconds, megabytes / parseSeconds));
        line(String.format(Locale.ROOT, "| ratio parser / line reading | %.2f | |", lineSeconds / parseSeconds));
        line("");
        line(String.format(Locale.ROOT, "Peak resident memory of the parsing JVM (-Xmx256m): %,d MB for %,d messages, "
                + "%,d MB for %,d messages.", Long.parseLong(little[5]) / 1024, small, Long.parseLong(big[5]) / 1024, messages));
    }

    /** Our parser and import beside whatsapp-chat-parser on one multilingual export: {@link PeersBenchmark}. */
    private void peers() throws IOException, InterruptedException {
        if (options.peersSize() <= 0) {
            targets.notMeasured("#12", "import, export parsing and storage against whatsapp-chat-parser",
                    "the peers section did not run (pass --peers 1m)");
            return;
        }
        new PeersBenchmark(options.workDirectory(), options.pluginsDirectory(), pluginJar(), options.peersSize(),
                options.reuse(), rawInsertsPerSecond, this::line, targets, true).drawingOn(progress).run();
    }

    private String[] runParse(Path plugin, long messages) throws IOException, InterruptedException {
        Path export = options.workDirectory().resolve("export-" + messages + ".txt");
        // One step for the whole JVM (it generates the export, then reads and parses it twice): its name shows while it runs.
        String parsing = "Generating an Android export of " + String.format(Locale.ROOT, "%,d", messages)
                + " messages and parsing it (its own JVM)";
        step(parsing, "", 0, 1);
        String last = runJava(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path") + File.pathSeparator + plugin,
                ParseBenchmark.class.getName(), String.valueOf(messages), export.toString()));
        step(parsing, "", 1, 1);
        if (!last.startsWith("parse ")) {
            throw new IllegalStateException("The export parse benchmark failed: " + last);
        }
        return last.split(" ");
    }

    /**
     * Imports a generated msgstore.db of {@code backupSize} messages through the real application in its
     * own JVM (the launcher's options), as a user would, and reports the wall time and peak memory.
     */
    private void backup() throws Exception {
        if (options.backupSize() <= 0) {
            targets.notMeasured("#15", BACKUP_TARGET, "the backup section did not run (pass --backup 1m)");
            return;
        }
        Path plugin = pluginJar();
        Path folder = options.workDirectory().resolve("backup-" + options.backupSize());
        Path msgstore = folder.resolve("msgstore.db");
        if (!options.reuse() || !Files.isRegularFile(msgstore)) {
            String generating = "Generating a msgstore.db of " + String.format(Locale.ROOT, "%,d", options.backupSize())
                    + " messages";
            step(generating, "", 0, 1);
            SyntheticMsgstore.write(msgstore, options.backupSize(), 200, 42);
            step(generating, "", 1, 1);
        }
        Path data = folder.resolve("data");
        deleteTree(data);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(AppJvmOptions.list());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--data-dir", data.toString(), "--plugins-dir",
                plugin.getParent().toString(), "import", msgstore.toString()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("import.log").toFile()).start();
        long peakKb = 0;
        while (!process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, peakResidentKb(process.pid()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("The backup import failed (exit " + process.exitValue() + "); see "
                    + folder.resolve("import.log"));
        }
        line("");
        line("### Phone backup import (generated msgstore.db, " + String.format(Locale.ROOT, "%,d", options.backupSize())
                + " messages, 200 chats, " + Files.size(msgstore) / (1024 * 1024) + " MB)");
        line("");
        line("| path | wall s | messages/s | peak resident MB |");
        line("|---|---:|---:|---:|");
        line(String.format(Locale.ROOT, "| chat-archive import msgstore.db (copy, index, sync every chat) | %.1f | %,.0f | %,d |",
                seconds, options.backupSize() / seconds, peakKb / 1024));
        targets.measured("#15", BACKUP_TARGET, String.format(Locale.ROOT, "%.1f s wall, %s messages", seconds,
                Targets.count(options.backupSize())), options.backupSize(), MILLION, seconds < 30, seconds / 30);
    }

    private static final String BACKUP_TARGET = "import of a 1M-message msgstore.db under 30 s";
    private static final String LEGACY_TARGET = "adoption of a 1M-row baileys-bridge database under 30 s";
    private static final String SEARCH_TARGET = "common-word search p99 under 20 ms at 10M messages";
    private static final String SCREEN_TARGET = "first screen under 1 s from launch on the 10M archive";

    /**
     * Adopts a generated baileys-bridge database of {@code legacySize} rows through the real application in
     * its own JVM (the launcher's options): {@code chat-archive chats --archive FILE}, which adopts the file
     * before it lists the chats. Reports the wall time, peak memory, the rows kept and set aside, and the
     * load average before and after (the machine is shared).
     */
    private void legacy() throws Exception {
        if (options.legacySize() <= 0) {
            targets.notMeasured("#12", LEGACY_TARGET, "the legacy section did not run (pass --legacy 1m)");
            return;
        }
        Path folder = options.workDirectory().resolve("legacy-" + options.legacySize());
        Path original = folder.resolve("bridge-original.db");
        long breaking = SyntheticLegacyBridge.breakingRows(options.legacySize());
        if (!options.reuse() || !Files.isRegularFile(original)) {
            String generating = "Generating a baileys-bridge database of " + String.format(Locale.ROOT, "%,d",
                    options.legacySize()) + " rows";
            breaking = SyntheticLegacyBridge.write(original, options.legacySize(),
                    written -> step(generating, "rows", written, options.legacySize()));
        }
        Path bridge = folder.resolve("bridge.db");
        Files.copy(original, bridge, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path data = folder.resolve("data");
        deleteTree(data);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(AppJvmOptions.list());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--data-dir", data.toString(), "--archive", bridge.toString(), "chats"));
        String loadBefore = loadAverage();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("adopt.log").toFile()).start();
        long peakKb = 0;
        // The app draws the adoption's progress on its stderr (lines, as it is not a terminal): shown as they come.
        long shown = 0;
        while (!process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, peakResidentKb(process.pid()));
            shown = showAdoptionProgress(folder.resolve("adopt.log"), shown);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String loadAfter = loadAverage();
        showAdoptionProgress(folder.resolve("adopt.log"), shown);
        String log = Files.readString(folder.resolve("adopt.log"));
        if (process.exitValue() != 0 || !log.contains("Adopted the baileys-bridge database")) {
            throw new IllegalStateException("The legacy adoption failed (exit " + process.exitValue() + "); see "
                    + folder.resolve("adopt.log"));
        }
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("(\\d+) messages kept").matcher(log);
        java.util.regex.Matcher aside = java.util.regex.Pattern.compile("(\\d+) rows that break").matcher(log);
        line("");
        line("### Legacy adoption (generated baileys-bridge database, " + String.format(Locale.ROOT, "%,d",
                options.legacySize()) + " rows, 200 chats, " + Files.size(original) / (1024 * 1024) + " MB)");
        line("");
        line("| path | wall s | rows/s | peak resident MB | kept | set aside (expected) | load before / after |");
        line("|---|---:|---:|---:|---:|---:|---|");
        line(String.format(Locale.ROOT, "| chat-archive chats --archive bridge.db (adopt, then list) | %.1f | %,.0f | %,d "
                        + "| %s | %s (%,d) | %s / %s |", seconds, options.legacySize() / seconds, peakKb / 1024,
                kept.find() ? kept.group(1) : "?", aside.find() ? aside.group(1) : "0", breaking, loadBefore, loadAfter));
        targets.measured("#12", LEGACY_TARGET, String.format(Locale.ROOT, "%.1f s wall, %s rows", seconds,
                Targets.count(options.legacySize())), options.legacySize(), MILLION, seconds < 30, seconds / 30);
    }

    /** Prints the app's progress lines ("chat-archive: Adopting ...") added to its log since {@code from} chars. */
    private static long showAdoptionProgress(Path log, long from) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        if (end <= from) {
            return from;
        }
        for (String line : text.substring((int) from, end).split("\n")) {
            if (line.startsWith("chat-archive: Adopting")) {
                System.err.println(line);
            }
        }
        return end;
    }

    private static String loadAverage() {
        try {
            String[] words = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return words[0] + ", " + words[1] + ", " + words[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private Path pluginJar() throws IOException {
        if (!Files.isDirectory(options.pluginsDirectory())) {
            throw new IllegalStateException("There is no plugins folder " + options.pluginsDirectory()
                    + "; run the benchmark through ./chat-archive, or name the folder with --plugins-dir.");
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(options.pluginsDirectory(),
                "chat-archive-plugin-whatsapp-*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("The WhatsApp plugin jar is not in " + options.pluginsDirectory()
                + "; build it first (mvn -B -DskipTests package).");
    }

    private Path reads() throws IOException, InterruptedException {
        line("");
        line("### Reading (per archive size)");
        line("");
        line("| messages | open chat median / p99 (ms) | page back median / p99 (ms) "
                + "| search common median / p99 (ms) | search rare median / p99 (ms) | LIKE common / rare median (ms) |");
        line("|---:|---:|---:|---:|---:|---:|");
        Path largest = null;
        List<double[]> p99s = new ArrayList<>();
        List<String> searchCpu = new ArrayList<>();
        for (long size : options.sizes()) {
            Path file = options.workDirectory().resolve("bench-" + size + ".db");
            SyntheticCorpus corpus = new SyntheticCorpus(size, 42);
            build(file, corpus);
            try (Archive archive = Archive.openReadOnly(file, Clock.systemUTC())) {
                ArchiveReadBenchmarks reads = new ArchiveReadBenchmarks(archive, corpus);
                reads.openChat(20);
                LatencySample open = reads.openChat(400);
                LatencySample page = reads.pageBack(10, 40);
                LatencySample commonCpu = new LatencySample(100);
                LatencySample rareCpu = new LatencySample(100);
                LatencySample common = reads.search(SyntheticCorpus.COMMON_WORD, 100, commonCpu);
                LatencySample rare = reads.search(SyntheticCorpus.RARE_WORD, 100, rareCpu);
                searchCpu.add(String.format(Locale.ROOT, "%,d messages: common %.2f / %.2f ms, rare %.2f / %.2f ms", size,
                        commonCpu.medianMillis(), commonCpu.p99Millis(), rareCpu.medianMillis(), rareCpu.p99Millis()));
                int likeSamples = size >= 5_000_000 ? 3 : 20;
                LatencySample likeCommon = reads.likeScan(SyntheticCorpus.COMMON_WORD, likeSamples);
                LatencySample likeRare = reads.likeScan(SyntheticCorpus.RARE_WORD, likeSamples);
                p99s.add(new double[] {size, open.p99Millis(), page.p99Millis()});
                if (size == options.sizes().get(options.sizes().size() - 1)) {
                    targets.measured("#12", SEARCH_TARGET, String.format(Locale.ROOT, "p99 %.2f ms (wall, in the reading"
                                    + " JVM), %s messages", common.p99Millis(), Targets.count(size)), size, TEN_MILLION,
                            common.p99Millis() < 20, common.p99Millis() / 20);
                }
                line(String.format(Locale.ROOT, "| %,d | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.1f / %.1f |",
                        size, open.medianMillis(), open.p99Millis(), page.medianMillis(), page.p99Millis(),
                        common.medianMillis(), common.p99Millis(), rare.medianMillis(), rare.p99Millis(),
                        likeCommon.medianMillis(), likeRare.medianMillis()));
            }
            largest = file;
        }
        line("");
        line("Search, CPU time of the searching thread (median / p99; the wall times above include waiting for a core): "
                + String.join("; ", searchCpu) + ". Load average after: " + loadAverage() + ".");
        if (p99s.size() > 1) {
            double[] small = p99s.get(0);
            double[] big = p99s.get(p99s.size() - 1);
            line("");
            line(String.format(Locale.ROOT, "Largest / smallest archive, p99: open chat %.2fx, page back %.2fx (%,d vs %,d messages).",
                    big[1] / small[1], big[2] / small[2], (long) big[0], (long) small[0]));
        }
        line("");
        line(String.format(Locale.ROOT, "Peak resident memory of a JVM reading the largest archive (chats, pages, searches): %d MB.",
                Long.parseLong(runJava(List.of("-cp", System.getProperty("java.class.path"), BrowseProbe.class.getName(),
                        largest.toString(), String.valueOf(options.sizes().get(options.sizes().size() - 1))))
                        .substring(BrowseProbe.RESULT.length()).strip()) / 1024));
        return largest;
    }

    private void ui(Path largest) throws IOException, InterruptedException {
        line("");
        if (!UiProbe.available()) {
            line("The application benchmark needs tmux, which is not installed; skipped.");
            targets.notMeasured("#12", SCREEN_TARGET, "tmux is not installed");
            return;
        }
        SyntheticCorpus corpus = new SyntheticCorpus(options.sizes().get(options.sizes().size() - 1), 42);
        long size = options.sizes().get(options.sizes().size() - 1);
        String screen = "Chats (" + corpus.chatCount() + ")";
        Path data = options.workDirectory().resolve("ui-data");
        java.util.Optional<Path> launcher = UiProbe.checkoutLauncher();
        String load = loadAverage();
        // Without the launcher (no checkout to run from): a plain java -cp, which browses as well.
        UiProbe.Result plain = UiProbe.run(largest, options.pluginsDirectory(), data, screen,
                launcher.isPresent() ? null : SyntheticCorpus.title(0), UiProbe.Launch.plainJava());
        if (launcher.isEmpty()) {
            line(String.format(Locale.ROOT, "The application on the largest archive, in a terminal (tmux), started with "
                    + "java -cp (no launcher, so no AppCDS): first screen %,d ms after launch (JVM start and plugin loading "
                    + "included), %,d ms of CPU by then; peak resident memory %d MB after opening the largest chat, paging "
                    + "back 150 screens and searching (load average %s).", plain.firstScreenMillis(),
                    plain.cpuAtFirstScreenMillis(), plain.peakResidentMb(), load));
            screenTarget(plain.firstScreenMillis(), size);
            return;
        }
        UiProbe.prepareClassDataSharing(largest, options.pluginsDirectory(), data, screen, launcher.get());
        List<UiProbe.Result> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(UiProbe.run(largest, options.pluginsDirectory(), data, screen, i == 2 ? SyntheticCorpus.title(0) : null,
                    UiProbe.Launch.through(launcher.get())));
        }
        long[] millis = runs.stream().mapToLong(UiProbe.Result::firstScreenMillis).sorted().toArray();
        UiProbe.Result browsed = runs.get(2);
        line(String.format(Locale.ROOT, "The application on the largest archive, in a terminal (tmux), started as a user "
                        + "starts it (./chat-archive; its AppCDS archive %s): first screen %s ms after launch (median %,d; JVM "
                        + "start and plugin loading included), %s ms of CPU by then; started with java -cp instead (no "
                        + "AppCDS): %,d ms, %,d ms of CPU. Peak resident memory %d MB after opening the largest chat, paging "
                        + "back 150 screens and searching. Load average before: %s.",
                runs.stream().allMatch(UiProbe.Result::classDataSharing) ? "used" : "NOT used (it could not be made)",
                String.join(" / ", runs.stream().map(run -> String.format(Locale.ROOT, "%,d", run.firstScreenMillis())).toList()),
                millis[1],
                String.join(" / ", runs.stream().map(run -> String.format(Locale.ROOT, "%,d", run.cpuAtFirstScreenMillis())).toList()),
                plain.firstScreenMillis(), plain.cpuAtFirstScreenMillis(), browsed.peakResidentMb(), load));
        screenTarget(millis[1], size);
    }

    private void screenTarget(long firstScreenMillis, long size) {
        targets.measured("#12", SCREEN_TARGET, String.format(Locale.ROOT, "%,d ms, %s messages",
                firstScreenMillis, Targets.count(size)), size, TEN_MILLION, firstScreenMillis < 1000,
                firstScreenMillis / 1000.0);
    }

    private Archive freshArchive(String name) {
        Path file = options.workDirectory().resolve(name + ".db");
        deleteArchive(file);
        return Archive.open(file, Clock.systemUTC());
    }

    private void build(Path file, SyntheticCorpus corpus) {
        if (options.reuse() && Files.exists(file)) {
            // Built by an earlier run, perhaps by an older version: opened for writing once, so that it is migrated
            // to the current schema (the reads below open it read-only, which refuses an older schema) and its
            // search index, a file of its own since schema version 9, is current before anything is measured.
            String upgrading = "Bringing " + file.getFileName() + " up to date (schema, search index)";
            step(upgrading, "steps", 0, 1);
            try (Archive archive = Archive.open(file, Clock.systemUTC())) {
                if (!archive.awaitSearchIndex(ProgressListener.NONE)) {
                    throw new IllegalStateException("The search index of " + file + " could not catch up (see the log)");
                }
            }
            step(upgrading, "steps", 1, 1);
            return;
        }
        deleteArchive(file);
        String building = "Building an archive of " + String.format(Locale.ROOT, "%,d", corpus.totalMessages())
                + " messages (" + file.getFileName() + ")";
        step(building, "messages", 0, corpus.totalMessages());
        try (Archive archive = Archive.open(file, Clock.systemUTC())) {
            RawArchiveWriter.write(archive, corpus, written -> step(building, "messages", written, corpus.totalMessages()));
        }
    }

    private static void deleteArchive(Path file) {
        try {
            for (String suffix : List.of("", "-wal", "-shm", ".lock", ".search", ".search-wal", ".search-shm")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot delete the old benchmark archive " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs a JVM with these arguments and returns the last line it printed. */
    private static String runJava(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (!line.isBlank()) {
                    last = line;
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("A benchmark JVM failed: " + last);
        }
        return last;
    }

    /** The peak resident set (Linux VmHWM) of process {@code pid} in KB, or 0 once it is gone. */
    static long peakResidentKb(long pid) {
        try {
            for (String status : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (status.startsWith("VmHWM:")) {
                    return Long.parseLong(status.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between two looks, or this is not Linux
        }
        return 0;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
        System.out.flush();
    }
}
